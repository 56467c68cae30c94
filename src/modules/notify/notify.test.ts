import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { checkAddress, checkContactType, notifiedMessage } from './notify.ts';

describe('contact method types and addresses', () => {
  it.each([
    ['email', 'email'],
    ['sms', 422],
    ['slack', 'slack'],
    ['webhook', 422],
    ['fax', 400],
    ['EMAIL', 400],
  ] as const)('type %s → %s', (type, expected) => {
    if (typeof expected === 'string') return expect(checkContactType(type)).toBe(expected);
    try {
      checkContactType(type);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).statusCode).toBe(expected);
      expect((error as AppError).details[0]?.field).toBe('type');
    }
  });

  it.each([
    ['alice@example.com', 'alice@example.com'],
    ['  bob@example.org ', 'bob@example.org'],
    ['no-at-sign', undefined],
    ['a@b', undefined],
    [`${'x'.repeat(250)}@example.com`, undefined],
  ])('e-mail address %j → %j', (address, expected) => {
    if (expected === undefined) expect(() => checkAddress('email', address)).toThrow(/address: must be an e-mail address/);
    else expect(checkAddress('email', address)).toBe(expected);
  });

  it.each([
    ['U024BE7LH', 'U024BE7LH'],
    [' W012A3CDE ', 'W012A3CDE'],
    ['@rita', undefined],
    ['u024be7lh', undefined],
    ['C024BE7LH', undefined],
  ])('Slack member ID %j → %j', (address, expected) => {
    if (expected === undefined) expect(() => checkAddress('slack', address)).toThrow(/address: must be a Slack member ID/);
    else expect(checkAddress('slack', address)).toBe(expected);
  });
});

it('says who was notified how', () => {
  expect(notifiedMessage('Alice', 'email', 'alice@example.com')).toBe('Notified Alice by email (alice@example.com)');
});
