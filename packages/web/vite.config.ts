import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The portal is served by the Portico server from dist/; `npm run dev` proxies the API to a running server.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:7007', '/healthz': 'http://127.0.0.1:7007' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
});
