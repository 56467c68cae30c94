import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import type { AcceptedEvent } from '../../modules/events/event.ts';
import { type GitHubChangeDetails, mapGitHubEvent } from './github.mapper.ts';

// The package is JSON (its `main`), typed as a default export that ESM resolution does not see.
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test payloads are edited freely
type Payload = Record<string, any>;

/** Real payloads GitHub sent, as collected by @octokit/webhooks-examples (github.com). */
function example(name: string, pick: (payload: Payload) => boolean): Payload {
  const found = examples.find((definition) => definition.name === name)?.examples.find((payload) => pick(payload as Payload));
  if (!found) throw new Error(`no ${name} example matches`);
  return structuredClone(found) as Payload;
}

const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const noFilter = {};

function changeOf(name: string, body: unknown, filter: { branches?: string[] } = noFilter): { event: Extract<AcceptedEvent, { kind: 'change' }>; details: GitHubChangeDetails } {
  const mapping = mapGitHubEvent(name, DELIVERY, body, filter);
  if (!('event' in mapping)) throw new Error(`expected a change, got: ${mapping.ignored}`);
  if (mapping.event.kind !== 'change') throw new Error('expected a change event');
  return { event: mapping.event, details: mapping.event.payload.customDetails as GitHubChangeDetails };
}

function ignoredOf(name: string, body: unknown, filter: { branches?: string[] } = noFilter): string {
  const mapping = mapGitHubEvent(name, DELIVERY, body, filter);
  if (!('ignored' in mapping)) throw new Error(`expected it ignored, got: ${mapping.event.payload.summary}`);
  return mapping.ignored;
}

const pushToMaster = () => example('push', (p) => p.ref === 'refs/heads/master');
/** GitHub's examples hold no merged pull request: the closed one, as GitHub sends it once merged. */
const mergedPullRequest = () => {
  const payload = example('pull_request', (p) => p.action === 'closed');
  Object.assign(payload.pull_request, { merged: true, merged_at: '2019-05-15T15:21:18Z', merged_by: payload.sender });
  return payload;
};

const stableKeys = ['provider', 'kind', 'delivery_id', 'repository', 'branch', 'author', 'commit_range', 'commits', 'files_changed', 'additions', 'deletions', 'push', 'pull_request', 'deployment', 'release', 'workflow_run'].sort();

describe('GitHub webhook payloads become change events', () => {
  it('a push to the default branch: author, commit range, files changed, compare link, push time', () => {
    const { event, details } = changeOf('push', pushToMaster());
    expect(event).toMatchObject({ kind: 'change', action: 'change', dedupKey: DELIVERY });
    expect(event.payload).toMatchObject({
      summary: 'Codertocat pushed 1 commit to master of Codertocat/Hello-World',
      source: 'Codertocat/Hello-World',
      timestamp: '2019-05-15T15:20:57.000Z',
      links: [{ href: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246', text: 'Commit 6113728' }],
    });
    expect(details).toEqual({
      provider: 'github',
      kind: 'push',
      delivery_id: DELIVERY,
      repository: 'Codertocat/Hello-World',
      branch: 'master',
      author: 'Codertocat',
      commit_range: { before: null, after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' },
      commits: 1,
      files_changed: 1,
      additions: null,
      deletions: null,
      push: { forced: false, created: true, files: { added: 1, modified: 0, removed: 0 }, head_commit_message: 'Initial commit' },
      pull_request: null,
      deployment: null,
      release: null,
      workflow_run: null,
    });
  });

  it('a push of several commits counts each file once across them, and links the comparison', () => {
    const payload = pushToMaster();
    const first = payload['commits'][0];
    payload['before'] = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
    payload['created'] = false;
    payload['forced'] = true;
    payload['compare'] = 'https://github.com/Codertocat/Hello-World/compare/f95f852bd8fc...6113728f27ae';
    payload['commits'] = [
      { ...first, id: 'a'.repeat(40), added: ['src/a.ts'], modified: ['README.md'], removed: [] },
      { ...first, id: 'b'.repeat(40), added: [], modified: ['README.md', 'src/a.ts'], removed: ['old.txt'] },
      { ...first, id: 'c'.repeat(40), added: ['docs/x.md'], modified: [], removed: [] },
    ];
    const { event, details } = changeOf('push', payload);
    expect(event.payload.summary).toBe('Codertocat force-pushed 3 commits to master of Codertocat/Hello-World');
    expect(details).toMatchObject({ commits: 3, files_changed: 4, commit_range: { before: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e' }, push: { forced: true, files: { added: 2, modified: 2, removed: 1 } } });
    expect(event.payload.links[0]).toEqual({ href: payload['compare'], text: 'Compare f95f852...6113728' });
  });

  it('pushes to tags, to other branches and deletions are ignored', () => {
    expect(ignoredOf('push', example('push', (p) => p.ref === 'refs/tags/simple-tag' && !p.deleted))).toMatch(/refs\/tags\/simple-tag is not to a branch/);
    const other = pushToMaster();
    other['ref'] = 'refs/heads/feature/login';
    expect(ignoredOf('push', other)).toMatch(/only the default branch master counts/);
    const deleted = pushToMaster();
    deleted['deleted'] = true;
    expect(ignoredOf('push', deleted)).toMatch(/deleting branch master/);
  });

  it('configured branches replace the default branch: exact names, * within a segment, ** across', () => {
    const push = (branch: string) => ({ ...pushToMaster(), ref: `refs/heads/${branch}` });
    expect(ignoredOf('push', push('master'), { branches: ['release/*'] })).toMatch(/only release\/\* count/);
    changeOf('push', push('release/1.2'), { branches: ['release/*'] });
    expect(ignoredOf('push', push('release/1/2'), { branches: ['release/*'] })).toBeTruthy();
    changeOf('push', push('release/1/2'), { branches: ['release/**'] });
    changeOf('push', push('prod'), { branches: ['main', 'prod'] });
    expect(ignoredOf('push', push('prod.x'), { branches: ['prod'] })).toBeTruthy();
    expect(ignoredOf('push', push('prodx'), { branches: ['pro.'] })).toBeTruthy();
  });

  it('a merged pull request: merger, title, additions, deletions, files changed, link', () => {
    const { event, details } = changeOf('pull_request', mergedPullRequest());
    expect(event.payload).toMatchObject({
      summary: 'Codertocat merged pull request #2 "Update the README with new information." into master of Codertocat/Hello-World',
      source: 'Codertocat/Hello-World',
      timestamp: '2019-05-15T15:21:18.000Z',
      links: [{ href: 'https://github.com/Codertocat/Hello-World/pull/2', text: 'Pull request #2' }],
    });
    expect(details).toMatchObject({
      kind: 'pull_request',
      branch: 'master',
      author: 'Codertocat',
      commit_range: { before: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', after: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85' },
      commits: 1,
      files_changed: 1,
      additions: 1,
      deletions: 1,
      pull_request: { number: 2, merged_by: 'Codertocat', head_branch: 'changes' },
      push: null,
    });
  });

  it('pull requests closed unmerged, or opened, are ignored', () => {
    expect(ignoredOf('pull_request', example('pull_request', (p) => p.action === 'closed'))).toMatch(/closed without being merged/);
    expect(ignoredOf('pull_request', example('pull_request', (p) => p.action === 'opened'))).toMatch(/"opened" is no change/);
  });

  it('a finished deployment: environment, sha, outcome; one in progress is ignored', () => {
    const { event, details } = changeOf('deployment_status', example('deployment_status', (p) => p.deployment_status.state === 'success'));
    expect(event.payload).toMatchObject({
      summary: 'Deployment of master (f95f852) to production succeeded in Codertocat/Hello-World',
      timestamp: '2019-05-15T15:20:55.000Z',
      links: [{ href: 'https://github.com/Codertocat/Hello-World/deployments', text: 'Deployments' }],
    });
    expect(details).toMatchObject({ kind: 'deployment_status', author: 'Codertocat', commit_range: { before: null, after: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e' }, deployment: { id: 145988746, status_id: 209916254, environment: 'production', state: 'success' } });
    const failed = example('deployment_status', (p) => p.deployment_status.state === 'success');
    failed['deployment_status'].state = 'failure';
    failed['deployment_status'].log_url = 'https://github.com/Codertocat/Hello-World/actions/runs/1';
    expect(changeOf('deployment_status', failed).event.payload).toMatchObject({ summary: expect.stringContaining('to production failed'), links: [{ href: 'https://github.com/Codertocat/Hello-World/actions/runs/1', text: 'Deployment log' }] });
    expect(ignoredOf('deployment_status', example('deployment_status', (p) => p.deployment_status.state === 'in_progress'))).toMatch(/"in_progress" is no change/);
  });

  it('a published release; created, edited or deleted ones are ignored', () => {
    const { event, details } = changeOf('release', example('release', (p) => p.action === 'published'));
    expect(event.payload).toMatchObject({
      summary: 'Codertocat published release 0.0.1 of Codertocat/Hello-World',
      timestamp: '2019-05-15T15:20:53.000Z',
      links: [{ href: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1', text: 'Release 0.0.1' }],
    });
    expect(details).toMatchObject({ kind: 'release', branch: 'master', release: { id: 17372790, tag: '0.0.1', prerelease: false } });
    for (const action of ['created', 'edited', 'deleted', 'prereleased']) expect(ignoredOf('release', example('release', (p) => p.action === action))).toMatch(`"${action}" is no change`);
  });

  it('a completed workflow run on a counted branch; runs on other branches or not completed are ignored', () => {
    const { event, details } = changeOf('workflow_run', example('workflow_run', (p) => p.action === 'completed' && p.workflow_run.conclusion === 'success'));
    expect(event.payload).toMatchObject({ summary: 'Workflow "test" #163 on master of octo-org/octo-repo completed: success', source: 'octo-org/octo-repo', timestamp: '2020-10-05T16:33:49.000Z' });
    expect(event.payload.links).toEqual([{ href: details.workflow_run!.url, text: `Workflow run #${details.workflow_run!.run_number}` }]);
    expect(details).toMatchObject({ kind: 'workflow_run', branch: 'master', author: 'Codertocat', commit_range: { before: null }, workflow_run: { conclusion: 'success', event: 'repository_dispatch' } });
    const onFeature = example('workflow_run', (p) => p.action === 'completed' && p.workflow_run.conclusion === 'success');
    onFeature['workflow_run'].head_branch = 'feature/x';
    expect(ignoredOf('workflow_run', onFeature)).toMatch(/on feature\/x of octo-org\/octo-repo is ignored: only the default branch master counts/);
    changeOf('workflow_run', onFeature, { branches: ['feature/*'] });
    expect(ignoredOf('workflow_run', example('workflow_run', (p) => p.action === 'requested'))).toMatch(/"requested" is no change/);
  });

  it('other events are ignored, by name', () => {
    expect(ignoredOf('issues', { action: 'opened' })).toMatch(/"issues" events are not recorded/);
    expect(ignoredOf('star', {})).toMatch(/"star"/);
  });

  it('every real example of every recorded event maps to a change or a reason, with the stable detail shape', () => {
    let changes = 0;
    for (const definition of examples.filter((d) => ['push', 'pull_request', 'deployment_status', 'release', 'workflow_run'].includes(d.name))) {
      for (const payload of definition.examples) {
        const mapping = mapGitHubEvent(definition.name, DELIVERY, payload, noFilter);
        if ('event' in mapping) {
          changes += 1;
          expect(Object.keys(mapping.event.payload.customDetails as object).sort()).toEqual(stableKeys);
        } else expect(mapping.ignored.length).toBeGreaterThan(0);
      }
    }
    expect(changes).toBeGreaterThanOrEqual(8);
  });

  it('a payload without what a change needs is a 400 naming the field', () => {
    const noRepository = pushToMaster();
    delete noRepository['repository'];
    expect(() => mapGitHubEvent('push', DELIVERY, noRepository, noFilter)).toThrow(expect.objectContaining({ statusCode: 400, details: [expect.objectContaining({ field: 'body.repository' })] }));
    const badCommits = { ...pushToMaster(), commits: 'many' };
    expect(() => mapGitHubEvent('push', DELIVERY, badCommits, noFilter)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'body.commits' })] }));
    const noTitle = mergedPullRequest();
    delete noTitle['pull_request'].title;
    expect(() => mapGitHubEvent('pull_request', DELIVERY, noTitle, noFilter)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'body.pull_request.title' })] }));
    expect(() => mapGitHubEvent('release', DELIVERY, [], noFilter)).toThrow(AppError);
  });

  it('long titles are clipped so a summary stays within 1024 characters', () => {
    const payload = mergedPullRequest();
    payload['pull_request'].title = 'x'.repeat(5000);
    const { event, details } = changeOf('pull_request', payload);
    expect(event.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(details.pull_request!.title).toHaveLength(200);
  });
});

describe('GitHub mapping properties', () => {
  const path = fc.stringMatching(/^[a-z]{1,3}(\/[a-z]{1,3}){0,2}\.[a-z]{1,2}$/);
  const commit = fc.record({ added: fc.array(path, { maxLength: 4 }), modified: fc.array(path, { maxLength: 4 }), removed: fc.array(path, { maxLength: 4 }) });
  const branch = fc.constantFrom('main', 'master', 'dev', 'release/1.0', 'feature/x');

  it('a push counts exactly when its branch counts, and counts commits and distinct files', () => {
    fc.assert(
      fc.property(fc.array(commit, { maxLength: 20 }), branch, branch, fc.option(fc.array(branch, { minLength: 1, maxLength: 3 }), { nil: undefined }), fc.boolean(), (commits, pushed, defaultBranch, branches, forced) => {
        const payload = {
          ...pushToMaster(),
          ref: `refs/heads/${pushed}`,
          created: false,
          forced,
          before: '1'.repeat(40),
          commits: commits.map((c, i) => ({ id: i.toString(16).padStart(40, '0'), message: `commit ${i}`, url: null, ...c })),
          repository: { ...pushToMaster()['repository'], default_branch: defaultBranch },
        };
        const mapping = mapGitHubEvent('push', DELIVERY, payload, { branches });
        const counts = branches ? branches.includes(pushed) : pushed === defaultBranch;
        expect('event' in mapping).toBe(counts);
        if (!('event' in mapping)) return;
        const details = mapping.event.payload.customDetails as GitHubChangeDetails;
        const distinct = (key: 'added' | 'modified' | 'removed') => new Set(commits.flatMap((c) => c[key])).size;
        expect(details.commits).toBe(commits.length);
        expect(details.files_changed).toBe(new Set(commits.flatMap((c) => [...c.added, ...c.modified, ...c.removed])).size);
        expect(details.push!.files).toEqual({ added: distinct('added'), modified: distinct('modified'), removed: distinct('removed') });
        expect(details.branch).toBe(pushed);
        expect(mapping.event.dedupKey).toBe(DELIVERY);
        expect(mapping.event.payload.summary).toBe(`Codertocat ${forced ? 'force-pushed' : 'pushed'} ${commits.length} commit${commits.length === 1 ? '' : 's'} to ${pushed} of Codertocat/Hello-World`);
        expect(Object.keys(details).sort()).toEqual(stableKeys);
      }),
    );
  });

  it('any JSON at all is mapped, ignored or refused with a 400 — never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom('push', 'pull_request', 'deployment_status', 'release', 'workflow_run', 'issues'), fc.jsonValue(), (name, body) => {
        try {
          const mapping = mapGitHubEvent(name, DELIVERY, body, noFilter);
          expect('event' in mapping || 'ignored' in mapping).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).statusCode).toBe(400);
        }
      }),
    );
  });

  it('real payloads with fields dropped are mapped or refused with a 400 naming a body field', () => {
    const payloads = [
      ['push', pushToMaster()],
      ['pull_request', mergedPullRequest()],
      ['deployment_status', example('deployment_status', (p) => p.deployment_status.state === 'success')],
      ['release', example('release', (p) => p.action === 'published')],
      ['workflow_run', example('workflow_run', (p) => p.workflow_run.conclusion === 'success')],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...payloads), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), ([name, original], picks) => {
        const payload = structuredClone(original) as Payload;
        for (const pick of picks) {
          // Drop one field, at the top or one level down.
          const keys = Object.keys(payload);
          const key = keys[pick % keys.length]!;
          const inner = payload[key];
          if (inner && typeof inner === 'object' && !Array.isArray(inner) && pick % 2 === 0) {
            const innerKeys = Object.keys(inner);
            if (innerKeys.length > 0) delete inner[innerKeys[pick % innerKeys.length]!];
          } else delete payload[key];
        }
        try {
          mapGitHubEvent(name, DELIVERY, payload, noFilter);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).details[0]?.field).toMatch(/^body(\.|$)/);
        }
      }),
    );
  });
});
