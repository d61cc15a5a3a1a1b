/**
 * A deterministic synthetic organisation as Backstage entity documents: groups in a hierarchy
 * (~N/20), users (~N/10) in 1–2 teams, domains (~N/50), systems (~N/20), APIs (~0.15N, each
 * provided by a component), resources (~0.05N) and components for the rest, with owner, system,
 * lifecycle, type, tags, 0–3 dependsOn, providesApis and consumesApis.
 */
export function syntheticOrganisation(n: number): Record<string, unknown>[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const groups = Math.max(2, Math.round(n / 20));
  const users = Math.round(n / 10);
  const domains = Math.max(1, Math.round(n / 50));
  const systems = Math.max(1, Math.round(n / 20));
  const apis = Math.round(n * 0.15);
  const resources = Math.round(n * 0.05);
  const components = Math.max(apis, n - groups - users - domains - systems - apis - resources);
  const docs: Record<string, unknown>[] = [];
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: `The ${name.replace(/-/g, ' ')}`, ...extra });
  const groupName = (i: number) => `team-${i}`;
  for (let i = 0; i < groups; i++) {
    docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: meta(groupName(i)), spec: { type: i === 0 ? 'organization' : 'team', children: [], ...(i > 0 ? { parent: groupName(Math.floor((i - 1) / 5)) } : {}) } });
  }
  for (let i = 0; i < users; i++) {
    const teams = [groupName(Math.floor(random() * groups))];
    if (random() < 0.3) teams.push(groupName(Math.floor(random() * groups)));
    docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: meta(`user-${i}`), spec: { profile: { displayName: `User ${i}`, email: `user-${i}@example.com` }, memberOf: [...new Set(teams)] } });
  }
  for (let i = 0; i < domains; i++) docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'Domain', metadata: meta(`domain-${i}`), spec: { owner: groupName(i % groups) } });
  for (let i = 0; i < systems; i++) docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: meta(`system-${i}`), spec: { owner: groupName(i % groups), domain: `domain-${i % domains}` } });
  for (let i = 0; i < resources; i++) docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: meta(`resource-${i}`), spec: { type: pick(['database', 'bucket', 'queue']), owner: groupName(i % groups), system: `system-${i % systems}` } });
  for (let i = 0; i < apis; i++) {
    docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: meta(`api-${i}`, { tags: [pick(['rest', 'grpc', 'graphql'])] }), spec: { type: 'openapi', lifecycle: pick(['production', 'experimental']), owner: groupName(i % groups), system: `system-${i % systems}`, definition: `openapi: 3.0.0\ninfo:\n  title: api ${i}\n` } });
  }
  for (let i = 0; i < components; i++) {
    const dependsOn = new Set<string>();
    const deps = Math.floor(random() * 4);
    for (let d = 0; d < deps && i > 0; d++) dependsOn.add(random() < 0.7 ? `component:component-${Math.floor(random() * i)}` : `resource:resource-${Math.floor(random() * Math.max(1, resources))}`);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1', kind: 'Component',
      metadata: meta(`component-${i}`, { tags: [pick(['java', 'go', 'typescript', 'python']), pick(['critical', 'internal', 'public'])] }),
      spec: {
        type: pick(['service', 'website', 'library']), lifecycle: pick(['production', 'experimental', 'deprecated']),
        owner: groupName(i % groups), system: `system-${i % systems}`, dependsOn: [...dependsOn],
        ...(i < apis ? { providesApis: [`api-${i}`] } : {}),
        consumesApis: apis > 0 ? [`api-${Math.floor(random() * apis)}`] : [],
      },
    });
  }
  return docs;
}
