import { defineConfig } from 'vite';

// The build lands where Omnia.Server serves it from; `npm run dev` proxies the API to a local `omnia serve`.
const api = 'http://127.0.0.1:8080';

export default defineConfig({
  build: {
    outDir: '../src/Omnia.Server/wwwroot',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/v1': { target: api, ws: true },
      '/health': api,
    },
  },
});
