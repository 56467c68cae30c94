import { z } from 'zod';

/**
 * The parts of GitHub's webhook payloads that Vigil reads (docs.github.com, "Webhook events and payloads").
 * Everything else in a payload is ignored; what is read is checked, so a payload without it is a 400 that
 * names the field rather than a change with holes.
 */
const user = z.object({ login: z.string() });
const optionalUser = user.nullish().catch(undefined);
const text = z.string().nullish();

const repository = z.object({
  full_name: z.string().min(1),
  html_url: z.string().nullish(),
  default_branch: z.string().min(1).nullish(),
  /** Seconds since the epoch in push payloads, an ISO date elsewhere. */
  pushed_at: z.union([z.number(), z.string()]).nullish(),
});

const commit = z.object({
  id: z.string(),
  message: text,
  url: text,
  added: z.array(z.string()).nullish(),
  removed: z.array(z.string()).nullish(),
  modified: z.array(z.string()).nullish(),
});

export const pushPayload = z.object({
  ref: z.string().min(1),
  before: z.string(),
  after: z.string(),
  created: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
  forced: z.boolean().nullish(),
  compare: text,
  pusher: z.object({ name: text }).nullish(),
  sender: optionalUser,
  commits: z.array(commit),
  head_commit: commit.nullish(),
  repository,
});
export type PushPayload = z.infer<typeof pushPayload>;

export const pullRequestPayload = z.object({
  action: z.string(),
  number: z.number().int(),
  pull_request: z.object({
    html_url: z.string(),
    title: z.string(),
    user: optionalUser,
    merged: z.boolean().nullish(),
    merged_at: text,
    merged_by: optionalUser,
    merge_commit_sha: text,
    base: z.object({ ref: z.string(), sha: z.string() }),
    head: z.object({ ref: z.string(), sha: z.string() }),
    commits: z.number().int().nullish(),
    additions: z.number().int().nullish(),
    deletions: z.number().int().nullish(),
    changed_files: z.number().int().nullish(),
  }),
  sender: optionalUser,
  repository,
});
export type PullRequestPayload = z.infer<typeof pullRequestPayload>;

export const deploymentStatusPayload = z.object({
  deployment_status: z.object({
    id: z.number().int(),
    state: z.string(),
    description: text,
    environment: text,
    target_url: text,
    log_url: text,
    environment_url: text,
    created_at: text,
    creator: optionalUser,
  }),
  deployment: z.object({
    id: z.number().int(),
    sha: z.string(),
    ref: z.string(),
    environment: text,
    creator: optionalUser,
  }),
  sender: optionalUser,
  repository,
});
export type DeploymentStatusPayload = z.infer<typeof deploymentStatusPayload>;

export const releasePayload = z.object({
  action: z.string(),
  release: z.object({
    id: z.number().int(),
    html_url: z.string(),
    tag_name: z.string(),
    name: text,
    target_commitish: text,
    prerelease: z.boolean().nullish(),
    published_at: text,
    author: optionalUser,
  }),
  sender: optionalUser,
  repository,
});
export type ReleasePayload = z.infer<typeof releasePayload>;

export const workflowRunPayload = z.object({
  action: z.string(),
  workflow_run: z.object({
    id: z.number().int(),
    name: text,
    html_url: z.string(),
    head_branch: text,
    head_sha: z.string(),
    event: text,
    status: text,
    conclusion: text,
    run_number: z.number().int(),
    run_attempt: z.number().int().nullish(),
    updated_at: text,
    actor: optionalUser,
    triggering_actor: optionalUser,
  }),
  workflow: z.object({ name: text }).nullish(),
  sender: optionalUser,
  repository,
});
export type WorkflowRunPayload = z.infer<typeof workflowRunPayload>;

/** Only the action of a payload, to ignore the actions that are no change without checking the rest. */
export const actionOnly = z.object({ action: z.string().optional() });
