import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative asset paths: the server rewrites them to absolute ones, or to VIGIL_ASSET_BASE_URL (a CDN), when it
// serves index.html, and lazy chunks then load from wherever the entry came from.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': { target: process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080', ws: true },
      '/v2': process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080',
    },
  },
});
