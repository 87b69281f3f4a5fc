/**
 * The only hosts the app may contact besides itself: where model weights and WebLLM's compiled
 * model libraries are downloaded from. Hugging Face serves files from huggingface.co and redirects
 * large ones to its CDN / Xet storage under *.huggingface.co and *.hf.co. WebLLM's prebuilt model
 * libraries live on raw.githubusercontent.com (see modelLibURLPrefix in @mlc-ai/web-llm).
 * Nothing the user writes is ever sent to them: they only serve model files (GET).
 */
export const MODEL_HOSTS: readonly string[] = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
];
