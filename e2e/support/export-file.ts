/** Builds export files for import tests, as the app's Export writes them (hashes computed the same way). */
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return createHash('sha256').update(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex');
}

export interface ExportFile {
  format: 'memory-router-export';
  version: 1;
  exportedAt: string;
  embeddingEncoding: 'float32-le-base64';
  memories: Array<Record<string, unknown> & { id: string; text: string; updatedAt: number }>;
  history: Array<Record<string, unknown> & { id: string; memoryId: string }>;
  conversations: Array<Record<string, unknown> & { id: string }>;
}

/** `n` brand-core memories without vectors (the app embeds them after the write). */
export function brandMemories(n: number, start = Date.UTC(2025, 0, 1)): ExportFile {
  const memories = Array.from({ length: n }, (_, i) => {
    const text = `Imported brand fact ${i}: campaign ${i % 97} keeps the voice warm, plain and specific.`;
    return {
      id: `imp-${String(i).padStart(6, '0')}`, text, category: 'company.brand_core', scope: 'company', persistence: 'long', userId: 'default',
      metadata: { source: 'e2e' }, createdAt: start + i, updatedAt: start + i, expiresAt: null, reviewAt: null, pinned: false,
      hash: contentHash(text), embedding: null, embeddingModel: null, embeddingDim: null, sourceConversationId: null,
    };
  });
  return { format: 'memory-router-export', version: 1, exportedAt: new Date(start).toISOString(), embeddingEncoding: 'float32-le-base64', memories, history: [], conversations: [] };
}

export function asUpload(file: ExportFile, name: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
}
