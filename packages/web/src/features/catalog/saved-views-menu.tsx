import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconTrash, IconUsers } from '@tabler/icons-react';
import { useDeleteView, useSaveView, useSavedViews } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import type { SavedView } from '../../api/types.ts';
import type { ExplorerState } from './explorer-state.ts';

/** Saved views of the explorer: open one, save the current view (private or shared), delete your own. */
export function SavedViewsMenu({ blueprint, state, onOpen }: { blueprint: string; state: ExplorerState; onOpen: (state: SavedView['state']) => void }) {
  const views = useSavedViews(blueprint);
  const save = useSaveView(blueprint);
  const remove = useDeleteView(blueprint);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={280} withinPortal>
        <Menu.Target><Button variant="default" size="xs" leftSection={<IconBookmark size={14} />}>Views</Button></Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {(views.data ?? []).length === 0 && <Menu.Item disabled>No saved views yet</Menu.Item>}
          {(views.data ?? []).map((view) => (
            <Menu.Item key={view.id} onClick={() => onOpen(view.state)} leftSection={view.shared ? <IconUsers size={14} aria-label="shared" /> : null}
              rightSection={
                <ActionIcon component="span" size="sm" variant="subtle" color="red" aria-label={`Delete view ${view.name}`}
                  onClick={(event) => { event.stopPropagation(); remove.mutate(view.id, { onError: (e) => notifications.show({ color: 'red', title: 'Could not delete the view', message: e.message }) }); }}>
                  <IconTrash size={14} />
                </ActionIcon>
              }>
              <Text size="sm">{view.name}</Text>
              {view.shared && <Text size="xs" c="dimmed">shared by {view.owner}</Text>}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => { save.reset(); setSaving(true); }}>Save current view…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title="Save this view">
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error?.detailFor('/name') ?? (error ? error.message : undefined)} data-autofocus />
          <Checkbox label="Share with everyone who can see this catalog" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setSaving(false)}>Cancel</Button>
            <Button loading={save.isPending} onClick={() => save.mutate({ name, shared, state: { text: state.text, facets: state.facets, rules: state.rules, sort: state.sort, columns: state.columns } }, {
              onSuccess: () => { setSaving(false); notifications.show({ message: `View “${name}” saved` }); },
            })}>Save</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
