import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const deploy = new URL('../../deploy/', import.meta.url);

/** Every PromQL expression of the Grafana dashboards (panels, rows' panels, templating queries). */
function dashboardExpressions(): Array<{ file: string; expr: string }> {
  const found: Array<{ file: string; expr: string }> = [];
  const walk = (file: string, node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(file, item);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'expr' || key === 'query') && typeof value === 'string') found.push({ file, expr: value });
        else if (key === 'query' && value && typeof value === 'object' && typeof (value as { query?: unknown }).query === 'string') found.push({ file, expr: (value as { query: string }).query });
        else walk(file, value);
      }
    }
  };
  for (const name of readdirSync(new URL('grafana/', deploy)).filter((file) => file.endsWith('.json'))) {
    walk(`grafana/${name}`, JSON.parse(readFileSync(new URL(`grafana/${name}`, deploy), 'utf8')));
  }
  return found;
}

function ruleExpressions(): Array<{ file: string; expr: string }> {
  const rules = parse(readFileSync(new URL('prometheus/vigil-rules.yml', deploy), 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; expr: string }> }> };
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ file: `prometheus/vigil-rules.yml (${rule.alert})`, expr: rule.expr })));
}

/** Vigil's metric names an expression reads; a histogram's series name its family. */
const metricNames = (expr: string) => [...expr.matchAll(/\bvigil_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));

describeEachStore('monitoring files in deploy/', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t?.stop());

  it('the dashboards (overview, ingestion, notifications and queues, live stream) and the alerting rules read only metrics /metrics exports', async () => {
    const exported = String((await request(t, 'GET', '/metrics')).body);
    const families = new Set([...exported.matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name!));
    const files = readdirSync(new URL('grafana/', deploy)).sort();
    expect(files).toEqual(['ingestion.json', 'live-stream.json', 'notifications-queues.json', 'overview.json']);

    const expressions = [...dashboardExpressions(), ...ruleExpressions()];
    const referenced = new Set(expressions.flatMap(({ expr }) => metricNames(expr)));
    expect(referenced.size).toBeGreaterThan(15);
    const missing = expressions.flatMap(({ file, expr }) => metricNames(expr).filter((name) => !families.has(name)).map((name) => `${file}: ${name}`));
    expect(missing).toEqual([]);
    for (const file of files) {
      expect(expressions.some((expression) => expression.file === `grafana/${file}`), `${file} has queries`).toBe(true);
    }
  });
});
