// The peer of `gemtoken mint` (bench row 2): the ephemeral-token guide's flow, unmodified, through @google/genai.
// Key and base URL come from GEMINI_API_KEY and GOOGLE_GEMINI_BASE_URL, as `new GoogleGenAI({})`
// reads them. Optional argv: COUNT CONCURRENCY (row 3's comparison), one token name per line.
import { GoogleGenAI } from '@google/genai';

const count = Number(process.argv[2] ?? 1);
const concurrency = Number(process.argv[3] ?? 1);
const client = new GoogleGenAI({});

async function mintOne() {
  const expireTime = new Date(Date.now() + 30 * 60 * 1000).toISOString();
  const token = await client.authTokens.create({
    config: {
      uses: 1,
      expireTime: expireTime,
      newSessionExpireTime: new Date(Date.now() + 1 * 60 * 1000),
      httpOptions: { apiVersion: 'v1alpha' },
    },
  });
  return token.name;
}

const names = new Array(count);
let next = 0;
async function worker() {
  while (next < count) {
    const index = next++;
    names[index] = await mintOne();
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
process.stdout.write(`${names.join('\n')}\n`);
