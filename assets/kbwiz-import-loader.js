// The Import page's loader (src/views/import.rs): starts the importer's own
// wasm module, which wasm-bindgen writes beside it as kbwiz-import.js, and
// hands the page a promise of its one function.
import init, { import_article } from './kbwiz-import.js';

window.kbwizImport = init().then(() => import_article);
