import { useId, useState, type FormEvent } from 'react';
import { toRouterError, type RouterError } from '../../core/errors';
import { CACHE_BACKENDS, FINE_TUNE_QUANTIZATIONS, loadSettings, saveSettings, type WebLLMSettings } from '../../engines';
import { buildTimeSettings, settingsStorage, validateSettings } from '../../engines';
import type { Catalog } from '../../engines';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ModelFilesPreview } from './ModelFilesPreview';

/**
 * Where the fine-tuned model lives (overriding the build's VITE_ROUTER_MODEL_URL), its integrity
 * hashes, and WebLLM's cache backend. Validated the way loading will use it before it is saved.
 */
export function SettingsForm({ catalog, onSaved }: { catalog: Catalog | null; onSaved(): void }) {
  const [draft, setDraft] = useState<WebLLMSettings>(() => loadSettings(settingsStorage()));
  const [error, setError] = useState<RouterError | null>(null);
  const [saved, setSaved] = useState(false);
  const build = buildTimeSettings();
  const ids = { url: useId(), quant: useId(), integrity: useId(), cache: useId() };
  const set = (k: keyof WebLLMSettings) => (e: { target: { value: string } }) => { setDraft((d) => ({ ...d, [k]: e.target.value })); setSaved(false); };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await validateSettings(draft);
      saveSettings(settingsStorage(), draft);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(toRouterError(err, 'WRONG_SCHEMA'));
    }
  };

  const ft = catalog?.config.fineTune;
  // The library the fine-tune reuses: the stock 8B one of the draft's quantization.
  const quant = draft.fineTuneQuantization || build.fineTuneQuantization || 'q4f16_1';
  const modelLib = catalog?.entries.find((e) => e.kind === 'prebuilt' && e.params === '8B' && e.quantization === quant)?.record.model_lib;
  return (
    <section className="card" aria-labelledby="model-settings-title">
      <h2 id="model-settings-title">Fine-tuned model</h2>
      <p className="muted">
        The memory-routing fine-tune is Llama-3.1-8B with the LoRA adapter merged, converted by MLC-LLM (see docs/model-conversion.md).
        {ft ? <> In use: <code data-testid="fine-tune-url">{ft.url}</code> ({ft.quantization}, from {ft.source === 'build' ? 'the build' : 'these settings'}{ft.enteredUrl ? <>; entered as <code>{ft.enteredUrl}</code></> : null}).</> : ' None is configured: the stock Llama-3.1-8B-Instruct is prompted with training examples instead.'}
      </p>
      {catalog?.config.warnings.map((w) => <Notice key={w} kind="warning">{w}</Notice>)}
      <form onSubmit={(e) => { void submit(e); }} data-testid="model-settings">
        <div className="field">
          <label htmlFor={ids.url}>Model folder URL</label>
          <input id={ids.url} type="text" inputMode="url" value={draft.fineTuneUrl ?? ''} onChange={set('fineTuneUrl')} placeholder={build.fineTuneUrl ?? 'https://huggingface.co/ORG/REPO/resolve/COMMIT/'} data-testid="fine-tune-url-input" />
        </div>
        <ModelFilesPreview rawUrl={draft.fineTuneUrl || build.fineTuneUrl || ''} modelLib={modelLib} />
        <div className="field-inline">
          <label htmlFor={ids.quant}>Quantization</label>
          <select id={ids.quant} value={draft.fineTuneQuantization ?? ''} onChange={set('fineTuneQuantization')} data-testid="fine-tune-quant">
            <option value="">{build.fineTuneQuantization ?? 'q4f16_1'} (default)</option>
            {FINE_TUNE_QUANTIZATIONS.map((q) => <option key={q} value={q}>{q}</option>)}
          </select>
          <label htmlFor={ids.cache}>Cache</label>
          <select id={ids.cache} value={draft.cacheBackend ?? ''} onChange={set('cacheBackend')} data-testid="cache-backend">
            <option value="">{build.cacheBackend ?? 'cache'} (default)</option>
            {CACHE_BACKENDS.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.integrity}>Integrity (optional, SRI hashes WebLLM checks)</label>
          <textarea id={ids.integrity} value={draft.fineTuneIntegrity ?? ''} onChange={set('fineTuneIntegrity')} rows={3} style={{ minHeight: '4rem' }} placeholder='{"config": "sha256-…", "model_lib": "sha256-…", "tokenizer": {"tokenizer.json": "sha256-…"}}' />
        </div>
        <div className="row">
          <button type="submit" className="primary" data-testid="model-settings-save">Save</button>
          <button type="button" onClick={() => { setDraft({}); }}>Clear (use the build settings)</button>
        </div>
      </form>
      {saved && <Notice kind="success" testId="model-settings-saved">Saved: the model list now uses these settings.</Notice>}
      {error && <ErrorNotice error={error} title="Settings not saved" testId="model-settings-error" />}
    </section>
  );
}
