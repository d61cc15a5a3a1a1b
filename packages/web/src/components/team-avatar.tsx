import { Avatar } from '@mantine/core';

// Hues whose darkest shade keeps AA contrast on their light tint (the avatars' initials sit on it).
const AVATAR_COLOURS = ['blue', 'grape', 'indigo', 'violet', 'pink', 'red'];

/** A stable colour per name. */
export function avatarColour(name: string): string {
  return AVATAR_COLOURS[[...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % AVATAR_COLOURS.length] ?? 'blue';
}

/**
 * A team's avatar: initials on a colour derived from the name. Decorative (hidden from assistive
 * technology): the team's name is always written next to it.
 */
export function TeamAvatar({ team, size = 22 }: { team: string; size?: number }) {
  const initials = team.split(/[-_\s/]+/).filter(Boolean).slice(0, 2).map((w) => w[0]?.toUpperCase()).join('') || '?';
  return <Avatar size={size} radius="xl" color={avatarColour(team)} variant="light" aria-hidden>{initials}</Avatar>;
}

/** Owning teams as overlapping avatars. */
export function TeamAvatars({ teams, size = 22 }: { teams: string[]; size?: number }) {
  if (teams.length === 0) return null;
  return <Avatar.Group spacing={6} aria-hidden>{teams.map((t) => <TeamAvatar key={t} team={t} size={size} />)}</Avatar.Group>;
}
