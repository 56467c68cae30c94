import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { oncallUserIds, overrideNow, rotatingTeam } from '../oncall-team.ts';
import { sample } from '../prometheus-text.ts';

describeEachStore('caching hot reads', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t?.stop());

  const lookups = async (cache: string, result: string) => sample(String((await request(t, 'GET', '/metrics')).body), 'vigil_cache_lookups_total', { cache, result }) ?? 0;

  it('answers who is on call from the cache until a schedule changes, then at once from the store', async () => {
    const org = await newOrganisation(t);
    const team = await rotatingTeam(t, org.token);
    const first = await oncallUserIds(t, org.token);
    expect(first).toHaveLength(1);
    const hits = await lookups('oncalls', 'hit');
    expect(await oncallUserIds(t, org.token)).toEqual(first);
    expect(await lookups('oncalls', 'hit')).toBe(hits + 1);

    const offDuty = first[0] === team.ownerId ? team.other.id : team.ownerId;
    await overrideNow(t, org.token, team.scheduleId, offDuty);
    expect(await oncallUserIds(t, org.token)).toEqual([offDuty]);
    // Another organisation's answer is its own.
    const stranger = await newOrganisation(t);
    expect(await oncallUserIds(t, stranger.token)).toEqual([]);
  });

  it('looks integration keys up from the cache, and forgets a deleted integration at once', async () => {
    const org = await newOrganisation(t);
    const { integrationId, routingKey } = await newIntegration(t, org.token);
    expect((await enqueue(t, triggerEvent(routingKey, 'c-1'))).status).toBe(202);
    const hits = await lookups('integrations', 'hit');
    expect((await enqueue(t, triggerEvent(routingKey, 'c-2'))).status).toBe(202);
    expect(await lookups('integrations', 'hit')).toBeGreaterThan(hits);
    expect((await request(t, 'DELETE', `/api/v1/integrations/${integrationId}`, { token: org.token })).status).toBe(204);
    expect((await enqueue(t, triggerEvent(routingKey, 'c-3'))).status).toBe(400);
  });
});
