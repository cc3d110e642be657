// Writes a Brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every script, style sheet,
// page and SVG of the build, so that the service sends them compressed without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const root = new URL('../dist/', import.meta.url).pathname
const worth = /\.(js|css|html|svg)$/

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (worth.test(name)) {
      const body = readFileSync(path)
      if (body.length < 1024) continue
      writeFileSync(path + '.br', brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }))
      writeFileSync(path + '.gz', gzipSync(body, { level: 9 }))
    }
  }
}

walk(root)
