import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { seeOther } from '../../server/participant/see-other.ts';

describe('seeOther', () => {
  const app = express();
  app.post('/to', (req, res) => seeOther(res, String(req.query.path)));
  app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send(err.message);
  });

  it('answers 303 with the Location and a short body, as a browser needs', async () => {
    const res = await request(app).post('/to').query({ path: '/p/AbC-_9?lang=en' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/p/AbC-_9?lang=en');
    expect(res.headers['content-length']).toBe(String('See Other. Redirecting to /p/AbC-_9?lang=en'.length));
    expect(res.text).toBe('See Other. Redirecting to /p/AbC-_9?lang=en');
  });

  it('refuses what is not a plain path of this site (no other host, no characters to encode)', async () => {
    for (const path of ['//evil.example/p', '//evil/p', 'https://evil.example/', '/p/a b', '/p/<x>', '/p/é']) {
      const res = await request(app).post('/to').query({ path });
      expect(res.status, path).toBe(500);
      expect(res.headers.location, path).toBeUndefined();
    }
  });
});
