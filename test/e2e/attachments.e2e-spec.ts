import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachBackend } from '../support/databases';
import { runCli } from '../support/processes';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import { OFFICER_A, OFFICER_B, SUPERVISOR, collect, http, seedWorkflow, streamEvents } from '../support/workflow-fixtures';

/** A real 1×1 PNG, and a "photo" with a JPEG's magic numbers. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  Buffer.alloc(2048, 7),
  Buffer.from([0xff, 0xd9]),
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Field evidence (docs/event-store.md "Attachments") through the real API on both backends: an
 * upload is checked by its bytes and stored content-addressed; a resolution, an activity and a
 * notice's answer record each file's SHA-256, size, type and name; the file is read back through
 * its record by whoever may read the record; and `cli verify` names a file whose bytes changed on
 * disk, and one that is gone.
 */
describeEachBackend('attachments: field evidence', (backend) => {
  let w: WorkflowApp;
  let dir: string;
  const saved = { ATTACHMENTS_DIR: process.env.ATTACHMENTS_DIR, ATTACHMENT_MAX_MB: process.env.ATTACHMENT_MAX_MB };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banjie-attachments-'));
    process.env.ATTACHMENTS_DIR = dir;
    process.env.ATTACHMENT_MAX_MB = '1';
    w = await startWorkflowApp(backend);
    await seedWorkflow(w);
  });
  afterAll(async () => {
    await w?.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    // the stored files are read-only (0400): make the folders removable
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (content: Buffer, filename: string, headers = OFFICER_A) =>
    http(w).raw().post('/attachments').set(headers).attach('file', content, { filename, contentType: 'application/octet-stream' });

  it('stores an upload by its SHA-256 and reads its type from its bytes, whatever the name or the client says', async () => {
    const r = await upload(PNG, '现场照片.jpg');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ sha256: sha(PNG), size: PNG.length, type: 'image/png', name: '现场照片.jpg' });
    const path = join(dir, sha(PNG).slice(0, 2), sha(PNG).slice(2, 4), sha(PNG));
    expect(statSync(path).size).toBe(PNG.length);
    expect((await upload(PNG, 'again.png')).body.sha256).toBe(sha(PNG)); // the same bytes: the same file
  });

  it('refuses what is not an accepted file, what is too large, and the wrong media types', async () => {
    const page = Buffer.from('<html><script>alert(1)</script></html>');
    const html = await upload(page, 'photo.jpg');
    expect(html.status).toBe(415);
    expect(html.body.code).toBe('ATTACHMENT.TYPE_NOT_ACCEPTED');
    expect(existsSync(join(dir, sha(page).slice(0, 2), sha(page).slice(2, 4), sha(page)))).toBe(false); // nothing kept
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10)]), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('ATTACHMENT.TOO_LARGE');
    expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
    const json = await http(w).post('/attachments', { file: PNG.toString('base64') }, OFFICER_A);
    expect(json.status).toBe(415);
    const form = await http(w).raw().post('/issues').set(OFFICER_A).attach('file', PNG, 'x.png');
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(PNG, 'x.png', SUPERVISOR)).status).toBe(403);
  });

  it('records the evidence on a resolution; the supervisor and the unit read it back through the issue, another unit cannot', async () => {
    const id = await collect(w);
    await http(w).post(`/issues/${id}/accept`, { dueOn: '2023-06-30' }, OFFICER_A).expect(200);
    await upload(JPEG, '整改后.jpg');
    const unknown = await http(w).post(
      `/issues/${id}/resolve`,
      { resolution: '已整改', attachments: [{ sha256: 'f'.repeat(64), name: 'x.jpg' }] },
      OFFICER_A,
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('ATTACHMENT.NOT_FOUND');
    const resolved = await http(w).post(
      `/issues/${id}/resolve`,
      {
        resolution: '已协调建设单位支付工程款',
        attachments: [
          { sha256: sha(JPEG), name: '整改后.jpg' },
          { sha256: sha(PNG), name: '付款凭证.png' },
        ],
      },
      OFFICER_A,
    );
    expect(resolved.status).toBe(200);
    const events = await streamEvents(w, `issue-${id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'IssueResolved',
      data: {
        resolution: '已协调建设单位支付工程款',
        attachments: [
          { sha256: sha(JPEG), size: JPEG.length, type: 'image/jpeg', name: '整改后.jpg' },
          { sha256: sha(PNG), size: PNG.length, type: 'image/png', name: '付款凭证.png' },
        ],
      },
    });
    const history = await http(w).get(`/issues/${id}/history`, SUPERVISOR);
    expect(history.body.events.at(-1).data.attachments).toHaveLength(2);
    for (const who of [SUPERVISOR, OFFICER_A]) {
      const file = await http(w)
        .get(`/issues/${id}/attachments/${sha(JPEG)}`, who)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('整改后.jpg')}`);
      expect(file.headers['content-security-policy']).toContain('sandbox');
      expect(Buffer.compare(file.body as Buffer, JPEG)).toBe(0);
    }
    expect((await http(w).get(`/issues/${id}/attachments/${sha(JPEG)}`, OFFICER_B)).status).toBe(404);
    // a file uploaded but not named by this issue's events is not readable through it
    await upload(PDF, '会议纪要.pdf');
    expect((await http(w).get(`/issues/${id}/attachments/${sha(PDF)}`, SUPERVISOR)).body.code).toBe('ATTACHMENT.NOT_FOUND');
  });

  it('records evidence on an activity and on a notice answer', async () => {
    const activity = await http(w).post(
      '/activities',
      {
        id: 'act-photo',
        campaignId: 'c1',
        unitId: 'u-a',
        form: 'door_to_door',
        heldOn: '2023-06-20',
        enterpriseCodes: ['91350100M000100Y43'],
        summary: '上门走访，现场查看',
        attachments: [{ sha256: sha(PNG), name: '走访合影.png' }],
      },
      OFFICER_A,
    );
    expect(activity.status).toBe(201);
    expect((await streamEvents(w, 'activity-act-photo'))[0].data.attachments).toEqual([
      { sha256: sha(PNG), size: PNG.length, type: 'image/png', name: '走访合影.png' },
    ]);
    expect((await http(w).get(`/activities/act-photo/attachments/${sha(PNG)}`, SUPERVISOR)).status).toBe(200);

    const issueId = await collect(w);
    const notice = await http(w).post(
      '/supervision-notices',
      {
        id: 'n-photo',
        campaignId: 'c1',
        unitId: 'u-a',
        issueIds: [issueId],
        reason: '请说明进展',
        level: 'reminder',
        respondBy: '2023-06-28',
      },
      SUPERVISOR,
    );
    expect(notice.status).toBe(201);
    const answer = await http(w).post(
      `/supervision-notices/n-photo/answer`,
      { response: '已整改，附会议纪要', attachments: [{ sha256: sha(PDF), name: '会议纪要.pdf' }] },
      OFFICER_A,
    );
    expect(answer.status).toBe(200);
    const pdf = await http(w).get(`/supervision-notices/n-photo/attachments/${sha(PDF)}`, SUPERVISOR);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('cli verify passes, then names a file whose bytes changed on disk and a file that is gone', async () => {
    const env = () => ({ DATABASE_URL: w.location.databaseUrl ?? '', DATA_DIR: w.location.dataDir, ATTACHMENTS_DIR: dir });
    await w.stopApp(); // PGlite: one process per data folder
    const ok = await runCli(['verify'], env());
    expect(ok.stdout).toMatch(/^OK: .* 3 attached file\(s\) in .* match their events$/m);
    expect(ok.code).toBe(0);

    const jpeg = join(dir, sha(JPEG).slice(0, 2), sha(JPEG).slice(2, 4), sha(JPEG));
    chmodSync(jpeg, 0o600);
    const changed = Buffer.from(JPEG);
    changed[100] ^= 0xff; // one byte of the photo altered, same size
    writeFileSync(jpeg, changed);
    rmSync(join(dir, sha(PDF).slice(0, 2), sha(PDF).slice(2, 4), sha(PDF)));
    const run = await runCli(['verify'], env());
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/^BROKEN: 2 finding\(s\)/m);
    expect(run.stdout).toMatch(
      new RegExp(
        `stream issue-\\S+ version 3 .*attachment changed — attachment "整改后.jpg" of IssueResolved: the stored file's content no longer matches \\(recorded sha256 ${sha(JPEG)}`,
      ),
    );
    expect(run.stdout).toMatch(/stream supervision-n-photo version 2 .*attachment missing — attachment "会议纪要.pdf" .* is missing/);
    const one = await runCli(['verify', '--stream', 'activity-act-photo'], env());
    expect(one.code).toBe(0);
    await w.restart();
  });
});
