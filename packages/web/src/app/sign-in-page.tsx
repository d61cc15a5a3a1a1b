import { Button, Card, Center, Stack, Text, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';

/** Shown to people who are not signed in when the portal uses single sign-on. */
export function SignInPage({ loginUrl }: { loginUrl: string }) {
  const returnTo = `${window.location.pathname}${window.location.search}`;
  return (
    <Center mih="100vh" component="main">
      <Card withBorder padding="xl" w={400}>
        <Stack align="center">
          <Title order={1} size="h2">Portico</Title>
          <Text c="dimmed" ta="center">Sign in with your company account to open the developer portal.</Text>
          <Button component="a" href={`${loginUrl}?returnTo=${encodeURIComponent(returnTo)}`} leftSection={<IconLogin size={16} />} size="md">Sign in</Button>
        </Stack>
      </Card>
    </Center>
  );
}
