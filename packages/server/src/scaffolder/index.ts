export { GitPublisher } from './git-publisher.ts';
export { RemoteSources } from './remote-source.ts';
export { runTemplate, StepError } from './scaffolder.ts';
export type { ScaffolderDeps, ScaffolderResult } from './scaffolder.ts';
export { GitHubHost, GitLabHost } from './repository-hosts.ts';
export type { RepositoryHost } from './repository-hosts.ts';
