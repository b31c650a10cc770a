// Entry of the version worker. Worker threads do not inherit tsx's loader, and the plan code is
// TypeScript shared with the CLI and the client (templates/, shared/): load it through tsx's API
// (tsx is a runtime dependency of the server).
import { tsImport } from 'tsx/esm/api'

await tsImport('./versionPlanWorker.ts', import.meta.url)
