// `gemtoken devices` lists cameras from /dev/videoN and their sysfs names, without running a tool;
// an empty list is an answer, and the table says how to use a test picture instead.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCameras } from '../../../src/commands/devices/run.js';
import { formatCameras } from '../../../src/terminal/device-table.js';

describe('cameras', () => {
  it('lists /dev/videoN in numeric order with the driver name, or V4L2 device when sysfs has none', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gemtoken-cams-'));
    const dev = path.join(root, 'dev');
    const sys = path.join(root, 'sys');
    mkdirSync(dev);
    for (const name of ['video10', 'video2', 'videoX', 'null']) writeFileSync(path.join(dev, name), '');
    mkdirSync(path.join(sys, 'video2'), { recursive: true });
    writeFileSync(path.join(sys, 'video2', 'name'), 'Integrated Camera\n');
    const listing = await listCameras('linux', dev, sys);
    expect(listing.cameras).toEqual([
      { name: `${dev}/video2`, description: 'Integrated Camera' },
      { name: `${dev}/video10`, description: 'V4L2 device' },
    ]);
    expect(formatCameras(listing)[0]).toBe(
      'Cameras (gemtoken talk --camera DEVICE; lavfi:testsrc for a test picture):',
    );
  });

  it('no camera (a container, CI): an empty list, and the table says none were found', async () => {
    const listing = await listCameras('linux', path.join(tmpdir(), 'no-such-dev'));
    expect(listing.cameras).toEqual([]);
    expect(formatCameras(listing).slice(1)).toEqual(['  (none found)']);
    expect((await listCameras('darwin')).note).toMatch(/avfoundation -list_devices/);
  });
});
