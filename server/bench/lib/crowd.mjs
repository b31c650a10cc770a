// Child process for the joins benchmark: N devices join one room at once (sync step 1 with an
// empty state vector) and the process prints how long until all had the whole state. Kept out of
// the bench process, so receiving N full boards does not delay the room the bench is measuring.
// Usage: node crowd.mjs <ws-url> <n>
import { WebSocket } from 'ws'

const [url, nText] = process.argv.slice(2)
const n = Number(nText)
const t0 = performance.now()
const times = await Promise.all(
  Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    ws.on('error', reject)
    ws.on('open', () => ws.send(new Uint8Array([0, 0, 1, 0])))
    ws.on('message', (data) => {
      if (data[0] === 0 && data[1] === 1) {
        resolve(performance.now() - t0)
        ws.terminate()
      }
    })
  })),
)
process.stdout.write(JSON.stringify({ allMs: Math.max(...times) }) + '\n')
