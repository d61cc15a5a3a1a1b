-- Sign-in through OpenID Connect: logins in flight (PKCE verifier, state, nonce), and the
-- sessions they open. Sessions are found by the hash of their cookie; sign-out revokes them here.
create table oidc_logins (
  state text primary key,
  code_verifier text not null,
  nonce text not null,
  return_to text not null,
  created_at timestamptz(3) not null default now()
);

create table sessions (
  id text primary key,
  user_identifier text not null,
  name text,
  email text,
  role text not null,
  csrf_hash text not null,
  created_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  revoked_at timestamptz(3)
);
create index sessions_user on sessions (user_identifier);
