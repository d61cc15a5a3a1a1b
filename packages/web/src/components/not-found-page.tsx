import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <Stack align="center" mt="xl">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed">This address leads nowhere in Portico. The catalog starts from the home page.</Text>
      <Button component={Link} to="/">Go home</Button>
    </Stack>
  );
}
