// The site's app, started by its first view (src/start/page.rs) once the
// start page is on screen: wasm-bindgen's module for the app, which Trunk
// writes beside the page as kbwiz-web.js. Its wasm takes the page over.
import init from './kbwiz-web.js';

init().catch((e) => {
  const note = document.createElement('p');
  note.setAttribute('role', 'alert');
  note.textContent = `kbwiz cannot start: its program could not be loaded (${e}).`;
  document.body.append(note);
  document.documentElement.setAttribute('data-kbwiz', 'failed');
});
