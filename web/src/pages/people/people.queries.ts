import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';

export type Role = Answer<'/api/v1/users', 'get'>['users'][number]['role'];
export type Team = Answer<'/api/v1/teams/{id}', 'get'>;
export type TeamRole = Team['members'][number]['role'];
export type Invitation = Answer<'/api/v1/invitations', 'get'>['invitations'][number];

export const roles: Array<{ value: Role; label: string; hint: string }> = [
  { value: 'admin', label: 'Admin', hint: 'everything, including people, webhooks and organisation settings' },
  { value: 'responder', label: 'Responder', hint: 'handles incidents and changes services, schedules and policies' },
  { value: 'observer', label: 'Observer', hint: 'sees everything, changes nothing' },
];

export const teamRoles: Array<{ value: TeamRole; label: string }> = [
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager' },
];

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: async () => (await unwrap(api.GET('/api/v1/users'))).users });
}

export function useInvitations() {
  return useQuery({ queryKey: ['invitations'], queryFn: async () => (await unwrap(api.GET('/api/v1/invitations'))).invitations });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: async () => (await unwrap(api.GET('/api/v1/teams'))).teams });
}

export function useTeam(id: string) {
  return useQuery({ queryKey: ['team', id], queryFn: () => unwrap(api.GET('/api/v1/teams/{id}', { params: { path: { id } } })) });
}
