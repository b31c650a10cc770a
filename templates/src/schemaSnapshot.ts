/**
 * The tldraw SerializedSchema of Circleboard's store (tldraw 3.15.6 default shapes and bindings +
 * cb-zone + cb-action + cb-icon), for files written without a browser (the CLI's `template` command, plan
 * import on the server).
 *
 * Why a snapshot: templates and the server must not load the tldraw runtime (React, DOM). The
 * client test client/src/shapes/schema.test.ts builds the real store schema and fails if this
 * drifts (after a tldraw upgrade or a new shape migration): paste the value it prints.
 */
export const CIRCLEBOARD_SCHEMA = {
  schemaVersion: 2,
  sequences: {
    'com.tldraw.store': 4,
    'com.tldraw.asset': 1,
    'com.tldraw.camera': 1,
    'com.tldraw.document': 2,
    'com.tldraw.instance': 25,
    'com.tldraw.instance_page_state': 5,
    'com.tldraw.page': 1,
    'com.tldraw.instance_presence': 6,
    'com.tldraw.pointer': 1,
    'com.tldraw.shape': 4,
    'com.tldraw.asset.bookmark': 2,
    'com.tldraw.asset.image': 5,
    'com.tldraw.asset.video': 5,
    'com.tldraw.shape.group': 0,
    'com.tldraw.shape.text': 3,
    'com.tldraw.shape.bookmark': 2,
    'com.tldraw.shape.draw': 2,
    'com.tldraw.shape.geo': 10,
    'com.tldraw.shape.note': 9,
    'com.tldraw.shape.line': 5,
    'com.tldraw.shape.frame': 1,
    'com.tldraw.shape.arrow': 6,
    'com.tldraw.shape.highlight': 1,
    'com.tldraw.shape.embed': 4,
    'com.tldraw.shape.image': 5,
    'com.tldraw.shape.video': 4,
    'com.tldraw.shape.cb-zone': 1,
    'com.tldraw.shape.cb-action': 0,
    'com.tldraw.shape.cb-icon': 0,
    'com.tldraw.binding.arrow': 1,
  },
} as const satisfies { schemaVersion: number; sequences: Record<string, number> }
