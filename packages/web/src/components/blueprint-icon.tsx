import { IconApi, IconBox, IconBuildingCommunity, IconCategory, IconCloud, IconFileCode, IconMapPin, IconSitemap, IconTemplate, IconUser, IconUsersGroup } from '@tabler/icons-react';
import type { Blueprint } from '../api/types.ts';

const ICONS: Record<string, typeof IconBox> = {
  component: IconBox, api: IconApi, system: IconSitemap, domain: IconBuildingCommunity, resource: IconCloud,
  team: IconUsersGroup, group: IconUsersGroup, user: IconUser, location: IconMapPin, template: IconTemplate,
  service: IconBox, code: IconFileCode,
};

/** A blueprint's icon: its own `icon` name when it is one we know, else one chosen by identifier. */
export function BlueprintIcon({ blueprint, size = 18 }: { blueprint: Pick<Blueprint, 'identifier' | 'icon'> | undefined; size?: number }) {
  const Icon = ICONS[(blueprint?.icon ?? '').toLowerCase()] ?? ICONS[blueprint?.identifier ?? ''] ?? IconCategory;
  return <Icon size={size} aria-hidden />;
}
