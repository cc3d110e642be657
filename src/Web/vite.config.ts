import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The console is served by the silo at "/"; during development `npm run dev` proxies the API to a running service.
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver()], dts: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // The libraries every screen uses (Vue, Element Plus) in one chunk instead of dozens of small ones: over
        // HTTP/1.1 a browser fetches six files at a time, so fewer files is a faster first load. ECharts stays
        // apart, loaded only where a chart is drawn.
        codeSplitting: {
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](?!echarts|zrender)/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:5000',
      '/dashboard': 'http://localhost:5000',
    },
  },
})
