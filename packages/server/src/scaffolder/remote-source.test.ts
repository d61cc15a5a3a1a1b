import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteSources, parseTreeUrl, resolveRemote } from './remote-source.ts';

describe('template sources in git repositories', () => {
  test('the browser URLs of GitHub, GitLab and Bitbucket folders name a repository, a ref and a path', () => {
    assert.deepEqual(parseTreeUrl('https://github.com/backstage/community/tree/main/backstage-community-sessions'), { cloneUrl: 'https://github.com/backstage/community.git', ref: 'main', path: 'backstage-community-sessions' });
    assert.deepEqual(parseTreeUrl('https://github.com/acme/templates/blob/v2/service/README.md'), { cloneUrl: 'https://github.com/acme/templates.git', ref: 'v2', path: 'service/README.md' });
    assert.deepEqual(parseTreeUrl('https://gitlab.com/acme/platform/templates/-/tree/main/go'), { cloneUrl: 'https://gitlab.com/acme/platform/templates.git', ref: 'main', path: 'go' });
    assert.deepEqual(parseTreeUrl('https://bitbucket.org/acme/templates/src/main/node'), { cloneUrl: 'https://bitbucket.org/acme/templates.git', ref: 'main', path: 'node' });
    assert.deepEqual(parseTreeUrl('https://git.example.com/acme/skeleton.git#v1'), { cloneUrl: 'https://git.example.com/acme/skeleton.git', ref: 'v1', path: '' });
    assert.equal(parseTreeUrl('https://example.com/some/page'), null);
    assert.equal(parseTreeUrl('file:///etc/passwd'), null);
    assert.equal(parseTreeUrl('ssh://git@github.com/acme/x.git'), null);
  });

  test('a relative fetch joins a template location that is a tree URL', () => {
    assert.equal(resolveRemote('https://github.com/acme/templates/tree/main/service', './skeleton'), 'https://github.com/acme/templates/tree/main/service/skeleton');
    assert.equal(resolveRemote('https://github.com/acme/templates/tree/main/service/', '../shared'), 'https://github.com/acme/templates/tree/main/shared');
  });

  test('nothing is fetched until hosts are allowed; then only those', () => {
    assert.match(new RemoteSources({ allowedHosts: [] }).refusal('https://github.com/a/b/tree/main/c') ?? '', /until PORTICO_TEMPLATE_ALLOWED_HOSTS names the hosts/);
    const some = new RemoteSources({ allowedHosts: ['github.com'] });
    assert.equal(some.refusal('https://github.com/a/b/tree/main/c'), null);
    assert.match(some.refusal('https://gitlab.com/a/b/-/tree/main/c') ?? '', /does not name gitlab\.com/);
    assert.match(some.refusal('https://github.com/just-a-page') ?? '', /is not a git repository URL/);
    assert.equal(new RemoteSources({ allowedHosts: ['*'] }).refusal('https://git.internal:8443/a/b.git'), null);
  });
});
