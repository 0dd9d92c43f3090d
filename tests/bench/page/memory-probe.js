/* Loaded before kbwiz-widget.js on the benchmark page: keeps a reference to
 * the wasm instance's memory when the widget's glue instantiates it, so the
 * benchmark can read its size (`window.kbwizWasmMemory.buffer.byteLength`;
 * wasm memory only grows, so its size after a call is the peak so far).
 * Changes nothing else: the original functions do the work. */
(() => {
  'use strict';
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    if (instance && instance.exports.memory instanceof WebAssembly.Memory) {
      window.kbwizWasmMemory = instance.exports.memory;
    }
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  const plain = WebAssembly.instantiate;
  if (streaming) WebAssembly.instantiateStreaming = (...args) => streaming.apply(WebAssembly, args).then(keep);
  WebAssembly.instantiate = (...args) => plain.apply(WebAssembly, args).then(keep);
})();
