// Field evidence in the pages (docs/workbench.md, docs/dashboard.md): a picker that uploads photos
// and documents as they are chosen (POST /attachments, one file each) and hands their
// { sha256, name } to the command that records them; and the list that shows a record's
// attachments — images as thumbnails the browser scales (the original is kept and served as is),
// documents as downloads. Files are fetched with the bearer token (an <img src> could not send
// it) and shown as data: URLs, which the Content-Security-Policy allows for images.
import { ApiError, apiUrl, download, session, LANGUAGE } from './api.js';
import { h, fill } from './dom.js';

const MAX_FILES = 9;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/heic,.heic,application/pdf,.docx,.xlsx';
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const TYPE_NAMES = {
  'image/jpeg': '图片',
  'image/png': '图片',
  'image/webp': '图片',
  'image/gif': '图片',
  'image/heic': 'HEIC 图片',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格',
};

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

const PROBLEMS = {
  'ATTACHMENT.TOO_LARGE': '文件过大',
  'ATTACHMENT.TYPE_NOT_ACCEPTED': '只接受图片（JPEG、PNG、WebP、GIF、HEIC）、PDF、Word 和 Excel 文件',
  'ATTACHMENT.NO_FILE': '没有收到文件',
};

async function upload(file) {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers = { accept: 'application/json', ...LANGUAGE };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(apiUrl('/attachments'), { method: 'POST', headers, body });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, json, '/attachments');
  return json;
}

function readAsDataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * A file chooser whose files upload at once. Returns the element; `element.attachmentRefs()` gives
 * `[{ sha256, name }]` of the finished uploads and `element.uploading()` whether any is still
 * going (the form's submit button is disabled meanwhile).
 */
export function attachmentPicker({ id, label = '照片和材料' }) {
  const items = []; // { file, state: 'uploading' | 'done' | 'error', ref?, message? }
  const list = h('ul', { class: 'attachment-list', 'aria-live': 'polite' });
  const input = h('input', { type: 'file', id, multiple: true, accept: ACCEPT, class: 'attachment-input' });
  const root = h(
    'div',
    { class: 'field attachment-picker', dataset: { state: 'empty' } },
    h('label', { for: id }, h('span', { class: 'label' }, label)),
    input,
    h(
      'small',
      { class: 'hint' },
      `可选，最多 ${MAX_FILES} 个：现场照片、整改前后对比、会议纪要等（图片、PDF、Word、Excel，每个不超过 10 MB）。原件保存，不压缩。`,
    ),
    list,
  );

  const submitButton = () => root.closest('form, fieldset, section')?.querySelector('button[type=submit], button.primary');
  const draw = () => {
    const busy = items.some((i) => i.state === 'uploading');
    root.dataset.state = busy ? 'uploading' : items.some((i) => i.state === 'done') ? 'ready' : 'empty';
    const button = submitButton();
    if (button) button.disabled = busy;
    fill(
      list,
      items.map((item, index) =>
        h(
          'li',
          { dataset: { state: item.state } },
          item.preview
            ? h('img', { src: item.preview, alt: item.file.name, class: 'attachment-thumb' })
            : h('span', { class: 'attachment-icon', 'aria-hidden': 'true' }, '📄'),
          h('span', { class: 'attachment-name' }, item.file.name),
          h(
            'span',
            { class: 'attachment-status' },
            item.state === 'uploading'
              ? '上传中…'
              : item.state === 'done'
                ? `已上传 ${formatSize(item.ref.size)}`
                : `未上传：${item.message}`,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'aria-label': `移除 ${item.file.name}`,
              onclick: () => {
                items.splice(index, 1);
                draw();
              },
            },
            '移除',
          ),
        ),
      ),
    );
  };

  input.addEventListener('change', () => {
    const chosen = [...input.files];
    input.value = '';
    for (const file of chosen) {
      if (items.length >= MAX_FILES) break;
      const item = { file, state: 'uploading' };
      items.push(item);
      if (INLINE.has(file.type) && file.size <= 10 * 1024 * 1024)
        readAsDataUrl(file)
          .then((url) => {
            item.preview = url;
            draw();
          })
          .catch(() => undefined);
      upload(file)
        .then((ref) => {
          item.state = 'done';
          item.ref = ref;
        })
        .catch((error) => {
          item.state = 'error';
          const code = error?.problem?.code;
          item.message = PROBLEMS[code] ?? (error instanceof ApiError ? `HTTP ${error.status}` : '网络错误');
        })
        .finally(draw);
    }
    draw();
  });

  root.attachmentRefs = () => items.filter((i) => i.state === 'done').map((i) => ({ sha256: i.ref.sha256, name: i.ref.name }));
  root.uploading = () => items.some((i) => i.state === 'uploading');
  root.clear = () => {
    items.splice(0);
    draw();
  };
  return root;
}

/** The refs of the form's picker, if it has one with finished uploads: `{ attachments }` or `{}`. */
export function attachmentsOf(container) {
  const refs = container.querySelector('.attachment-picker')?.attachmentRefs?.() ?? [];
  return refs.length ? { attachments: refs } : {};
}

/**
 * A record's attachments (an event's `data.attachments`), read through the record:
 * `basePath` is `/issues/<id>`, `/activities/<id>` or `/supervision-notices/<id>`.
 */
export function attachmentList(attachments, basePath) {
  if (!Array.isArray(attachments) || !attachments.length) return null;
  const root = h('ul', { class: 'attachments', 'aria-label': '附件' });
  for (const a of attachments) {
    const path = `${basePath}/attachments/${a.sha256}`;
    const meta = `${TYPE_NAMES[a.type] ?? '文件'} · ${formatSize(a.size)}`;
    const item = h('li', { class: 'attachment', dataset: { sha256: a.sha256, type: a.type } });
    root.append(item);
    const save = h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        title: `SHA-256 ${a.sha256}`,
        onclick: () => download(path, { download: 1 }, a.name).catch((e) => alert(`下载失败：${e.message}`)),
      },
      `下载 ${a.name}`,
    );
    if (!INLINE.has(a.type)) {
      fill(item, h('span', { class: 'attachment-icon', 'aria-hidden': 'true' }, '📄'), save, h('span', { class: 'attachment-meta' }, meta));
      continue;
    }
    const figure = h(
      'figure',
      { class: 'attachment-figure' },
      h('span', { class: 'attachment-loading' }, '图片加载中…'),
      h('figcaption', null, a.name, h('span', { class: 'attachment-meta' }, ` ${meta}`)),
    );
    fill(item, figure, save);
    loadImage(path)
      .then((url) => {
        const img = h('img', { src: url, alt: a.name, class: 'attachment-thumb', loading: 'lazy' });
        const open = h(
          'button',
          { type: 'button', class: 'thumb-button', 'aria-label': `查看大图：${a.name}`, onclick: () => showLarge(url, a.name) },
          img,
        );
        figure.replaceChild(open, figure.firstChild);
        item.dataset.state = 'ready';
      })
      .catch((error) => {
        figure.firstChild.textContent =
          error instanceof ApiError && error.problem?.code === 'ATTACHMENT.FILE_MISSING'
            ? '文件缺失（已记录在校验结果中）'
            : '图片无法加载';
        item.dataset.state = 'error';
      });
  }
  return root;
}

async function loadImage(path) {
  const headers = { accept: 'image/*' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(apiUrl(path), { headers });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null), path);
  return readAsDataUrl(await response.blob());
}

function showLarge(url, name) {
  const dialog = h(
    'dialog',
    { class: 'attachment-dialog', 'aria-label': name },
    h('img', { src: url, alt: name }),
    h('p', null, name),
    h('form', { method: 'dialog' }, h('button', { type: 'submit' }, '关闭')),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
