import type { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { inStoreRange } from '../../http/validation.ts';
import type { AcceptedEvent, EventLink } from '../../modules/events/event.ts';
import {
  actionOnly,
  deploymentStatusPayload,
  type DeploymentStatusPayload,
  pullRequestPayload,
  type PullRequestPayload,
  pushPayload,
  type PushPayload,
  releasePayload,
  type ReleasePayload,
  workflowRunPayload,
  type WorkflowRunPayload,
} from './github.schema.ts';

/** GitHub events that can be changes, by the name in `X-GitHub-Event`. */
export const changeEventNames = ['push', 'pull_request', 'deployment_status', 'release', 'workflow_run'] as const;
type ChangeEventName = (typeof changeEventNames)[number];

/**
 * The custom details of every GitHub change, one shape for all five kinds: the common fields are always
 * there (null when the kind has no such thing), and exactly one of the kind blocks is filled.
 */
export interface GitHubChangeDetails {
  provider: 'github';
  kind: ChangeEventName;
  delivery_id: string;
  repository: string;
  branch: string | null;
  author: string | null;
  commit_range: { before: string | null; after: string | null };
  commits: number | null;
  files_changed: number | null;
  additions: number | null;
  deletions: number | null;
  push: { forced: boolean; created: boolean; files: { added: number; modified: number; removed: number }; head_commit_message: string | null } | null;
  pull_request: { number: number; title: string; url: string; merged_by: string | null; head_branch: string } | null;
  deployment: { id: number; status_id: number; environment: string | null; state: string; description: string | null } | null;
  release: { id: number; tag: string; name: string | null; prerelease: boolean; url: string } | null;
  workflow_run: { id: number; name: string | null; run_number: number; run_attempt: number | null; event: string | null; conclusion: string | null; url: string } | null;
}

/** Which branches count: the repository's default branch when none are configured, else the configured patterns. */
interface BranchFilter {
  branches?: readonly string[] | undefined;
}

type GitHubMapping = { event: AcceptedEvent } | { ignored: string };

const SUMMARY_MAX = 1024;
const TITLE_MAX = 200;
const deploymentOutcomes: Record<string, string> = { success: 'succeeded', failure: 'failed', error: 'errored' };

/**
 * Maps one GitHub webhook delivery to a change event, or says why it is no change (an event type or action
 * Vigil does not record, a branch that does not count). Throws a 400 naming the field when a payload of a
 * recorded kind lacks what a change needs.
 */
export function mapGitHubEvent(eventName: string, deliveryId: string, body: unknown, filter: BranchFilter): GitHubMapping {
  switch (eventName) {
    case 'push':
      return fromPush(check(pushPayload, body), deliveryId, filter);
    case 'pull_request': {
      const action = check(actionOnly, body).action;
      if (action !== 'closed') return { ignored: `pull_request "${action}" is no change; only merged pull requests are recorded` };
      return fromPullRequest(check(pullRequestPayload, body), deliveryId, filter);
    }
    case 'deployment_status':
      return fromDeploymentStatus(check(deploymentStatusPayload, body), deliveryId);
    case 'release': {
      const action = check(actionOnly, body).action;
      if (action !== 'published') return { ignored: `release "${action}" is no change; only published releases are recorded` };
      return fromRelease(check(releasePayload, body), deliveryId);
    }
    case 'workflow_run': {
      const action = check(actionOnly, body).action;
      if (action !== 'completed') return { ignored: `workflow_run "${action}" is no change; only completed runs are recorded` };
      return fromWorkflowRun(check(workflowRunPayload, body), deliveryId, filter);
    }
    default:
      return { ignored: `GitHub "${eventName}" events are not recorded; Vigil records ${changeEventNames.join(', ')}` };
  }
}

function fromPush(p: PushPayload, deliveryId: string, filter: BranchFilter): GitHubMapping {
  const repo = p.repository.full_name;
  if (!p.ref.startsWith('refs/heads/')) return { ignored: `push to ${p.ref} is not to a branch` };
  const branch = p.ref.slice('refs/heads/'.length);
  if (p.deleted) return { ignored: `push deleting branch ${branch} is no change` };
  const counted = branchCounts(branch, p.repository.default_branch, filter);
  if (!counted.counts) return { ignored: `push to ${branch} of ${repo} is ignored: ${counted.why}` };

  const paths = { added: new Set<string>(), modified: new Set<string>(), removed: new Set<string>() };
  for (const commit of p.commits) {
    for (const path of commit.added ?? []) paths.added.add(path);
    for (const path of commit.modified ?? []) paths.modified.add(path);
    for (const path of commit.removed ?? []) paths.removed.add(path);
  }
  const changed = new Set([...paths.added, ...paths.modified, ...paths.removed]);
  const author = p.sender?.login ?? p.pusher?.name ?? null;
  const count = p.commits.length;
  const verb = p.forced ? 'force-pushed' : 'pushed';
  const summary = p.created && count === 0 ? `${author ?? 'Someone'} created branch ${branch} of ${repo} at ${short(p.after)}` : `${author ?? 'Someone'} ${verb} ${plural(count, 'commit')} to ${branch} of ${repo}`;
  const links: EventLink[] = [];
  addLink(links, p.compare, p.created ? `Commit ${short(p.after)}` : `Compare ${short(p.before)}...${short(p.after)}`);
  if (p.head_commit?.url && p.head_commit.url !== p.compare) addLink(links, p.head_commit.url, `Head commit ${short(p.head_commit.id)}`);
  return change(summary, repo, pushedAt(p.repository.pushed_at), links, {
    ...common('push', deliveryId, repo),
    branch,
    author,
    commit_range: { before: isZeroSha(p.before) ? null : p.before, after: p.after },
    commits: count,
    files_changed: changed.size,
    push: {
      forced: p.forced ?? false,
      created: p.created ?? false,
      files: { added: paths.added.size, modified: paths.modified.size, removed: paths.removed.size },
      head_commit_message: p.head_commit?.message ? firstLine(p.head_commit.message) : null,
    },
  });
}

function fromPullRequest(p: PullRequestPayload, deliveryId: string, filter: BranchFilter): GitHubMapping {
  const pr = p.pull_request;
  const repo = p.repository.full_name;
  if (!pr.merged) return { ignored: `pull request #${p.number} was closed without being merged` };
  const counted = branchCounts(pr.base.ref, p.repository.default_branch, filter);
  if (!counted.counts) return { ignored: `pull request #${p.number} merged into ${pr.base.ref} of ${repo} is ignored: ${counted.why}` };
  const author = pr.user?.login ?? null;
  const mergedBy = pr.merged_by?.login ?? p.sender?.login ?? null;
  const title = clip(pr.title, TITLE_MAX);
  return change(`${mergedBy ?? 'Someone'} merged pull request #${p.number} "${title}" into ${pr.base.ref} of ${repo}`, repo, validTime(pr.merged_at), linksOf([pr.html_url, `Pull request #${p.number}`]), {
    ...common('pull_request', deliveryId, repo),
    branch: pr.base.ref,
    author,
    commit_range: { before: pr.base.sha, after: pr.merge_commit_sha ?? pr.head.sha },
    commits: pr.commits ?? null,
    files_changed: pr.changed_files ?? null,
    additions: pr.additions ?? null,
    deletions: pr.deletions ?? null,
    pull_request: { number: p.number, title, url: pr.html_url, merged_by: mergedBy, head_branch: pr.head.ref },
  });
}

function fromDeploymentStatus(p: DeploymentStatusPayload, deliveryId: string): GitHubMapping {
  const status = p.deployment_status;
  const outcome = deploymentOutcomes[status.state];
  const repo = p.repository.full_name;
  if (!outcome) return { ignored: `deployment status "${status.state}" is no change; success, failure and error are recorded` };
  const environment = status.environment ?? p.deployment.environment ?? null;
  const author = p.deployment.creator?.login ?? status.creator?.login ?? p.sender?.login ?? null;
  const links = linksOf([status.environment_url, environment ? `Environment ${environment}` : 'Environment'], [status.log_url ?? status.target_url, 'Deployment log']);
  if (links.length === 0) addLink(links, p.repository.html_url && `${p.repository.html_url}/deployments`, 'Deployments');
  return change(`Deployment of ${p.deployment.ref} (${short(p.deployment.sha)})${environment ? ` to ${environment}` : ''} ${outcome} in ${repo}`, repo, validTime(status.created_at), links, {
    ...common('deployment_status', deliveryId, repo),
    branch: p.deployment.ref,
    author,
    commit_range: { before: null, after: p.deployment.sha },
    deployment: { id: p.deployment.id, status_id: status.id, environment, state: status.state, description: status.description || null },
  });
}

function fromRelease(p: ReleasePayload, deliveryId: string): GitHubMapping {
  const release = p.release;
  const repo = p.repository.full_name;
  const author = release.author?.login ?? p.sender?.login ?? null;
  const name = release.name ? clip(release.name, TITLE_MAX) : null;
  const label = name && name !== release.tag_name ? `${release.tag_name} "${name}"` : release.tag_name;
  return change(`${author ?? 'Someone'} published ${release.prerelease ? 'pre-release' : 'release'} ${label} of ${repo}`, repo, validTime(release.published_at), linksOf([release.html_url, `Release ${release.tag_name}`]), {
    ...common('release', deliveryId, repo),
    branch: release.target_commitish ?? null,
    author,
    release: { id: release.id, tag: release.tag_name, name, prerelease: release.prerelease ?? false, url: release.html_url },
  });
}

function fromWorkflowRun(p: WorkflowRunPayload, deliveryId: string, filter: BranchFilter): GitHubMapping {
  const run = p.workflow_run;
  const repo = p.repository.full_name;
  const branch = run.head_branch ?? null;
  if (branch !== null) {
    const counted = branchCounts(branch, p.repository.default_branch, filter);
    if (!counted.counts) return { ignored: `workflow run on ${branch} of ${repo} is ignored: ${counted.why}` };
  }
  const named = run.name || p.workflow?.name;
  const name = named ? clip(named, TITLE_MAX) : null;
  const conclusion = run.conclusion ?? null;
  const where = branch ? ` on ${branch}` : '';
  return change(`Workflow "${name ?? 'workflow'}" #${run.run_number}${where} of ${repo} completed${conclusion ? `: ${conclusion}` : ''}`, repo, validTime(run.updated_at), linksOf([run.html_url, `Workflow run #${run.run_number}`]), {
    ...common('workflow_run', deliveryId, repo),
    branch,
    author: run.triggering_actor?.login ?? run.actor?.login ?? p.sender?.login ?? null,
    commit_range: { before: null, after: run.head_sha },
    workflow_run: { id: run.id, name, run_number: run.run_number, run_attempt: run.run_attempt ?? null, event: run.event ?? null, conclusion, url: run.html_url },
  });
}

function common(kind: ChangeEventName, deliveryId: string, repository: string): GitHubChangeDetails {
  return {
    provider: 'github',
    kind,
    delivery_id: deliveryId,
    repository,
    branch: null,
    author: null,
    commit_range: { before: null, after: null },
    commits: null,
    files_changed: null,
    additions: null,
    deletions: null,
    push: null,
    pull_request: null,
    deployment: null,
    release: null,
    workflow_run: null,
  };
}

function change(summary: string, source: string, timestamp: string | undefined, links: EventLink[], details: GitHubChangeDetails): GitHubMapping {
  return {
    event: {
      kind: 'change',
      action: 'change',
      dedupKey: details.delivery_id,
      payload: { summary: clip(summary, SUMMARY_MAX), source, ...(timestamp !== undefined && { timestamp }), customDetails: details, links },
    },
  };
}

/**
 * Whether a branch counts: configured patterns (`*` within a path segment, `**` across them), or else the
 * repository's default branch alone.
 */
function branchCounts(branch: string, defaultBranch: string | null | undefined, filter: BranchFilter): { counts: true } | { counts: false; why: string } {
  if (filter.branches && filter.branches.length > 0) {
    if (filter.branches.some((pattern) => branchPattern(pattern).test(branch))) return { counts: true };
    return { counts: false, why: `only ${filter.branches.join(', ')} count` };
  }
  if (defaultBranch && branch === defaultBranch) return { counts: true };
  return { counts: false, why: defaultBranch ? `only the default branch ${defaultBranch} counts` : 'the repository names no default branch' };
}

function branchPattern(pattern: string): RegExp {
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

function check<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new AppError('validation_failed', `The GitHub payload is not what GitHub sends: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}

function linksOf(...candidates: Array<[string | null | undefined, string]>): EventLink[] {
  const links: EventLink[] = [];
  for (const [href, text] of candidates) addLink(links, href, text);
  return links;
}

function addLink(links: EventLink[], href: string | null | undefined, text: string): void {
  if (href && /^https?:\/\//i.test(href)) links.push({ href, text });
}

/** Push payloads carry the push time as seconds since the epoch on `repository.pushed_at`. */
function pushedAt(value: number | string | null | undefined): string | undefined {
  if (typeof value !== 'number') return validTime(value);
  const date = new Date(value * 1000);
  return inStoreRange(date) ? date.toISOString() : undefined;
}

function validTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return inStoreRange(date) ? date.toISOString() : undefined;
}

const short = (sha: string) => sha.slice(0, 7);
const isZeroSha = (sha: string) => /^0+$/.test(sha);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const firstLine = (message: string) => clip(message.split('\n', 1)[0] ?? '', TITLE_MAX);
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
