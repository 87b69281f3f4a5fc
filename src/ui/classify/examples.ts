/**
 * Example conversations for the Classify page, written for this app (not taken from the training
 * data or the benchmark). Each exercises a different part of the taxonomy.
 */
export interface Example {
  id: string;
  title: string;
  text: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'brand-voice',
    title: 'Brand voice and values',
    text: [
      'USER: Before you write anything for us: our brand voice is warm, plain-spoken and a little playful. We never use jargon like "synergy" or "best-in-class".',
      'ASSISTANT: Understood — warm, plain and playful, no corporate jargon. Anything else that defines the brand?',
      'USER: Yes, we position ourselves as the honest alternative to the big agencies. Transparency is our core value, so always show real numbers.',
    ].join('\n'),
  },
  {
    id: 'q3-launch',
    title: 'This quarter\'s campaign',
    text: [
      'USER: Our priority for Q3 is the back-to-school campaign. The goal is 20% more trial sign-ups by the end of September, and paid social gets most of the budget.',
      'ASSISTANT: Got it. Should I plan the content calendar around that launch date?',
      'USER: Yes, the launch is August 15th.',
    ].join('\n'),
  },
  {
    id: 'user-style',
    title: 'How I like answers',
    text: [
      'USER: Please keep your answers short, bullet points only, and put the recommendation first. I read these on my phone between meetings.',
      'ASSISTANT: Will do: recommendation first, then short bullets.',
      'USER: And I am the head of growth, I sign off on anything under 50k myself.',
    ].join('\n'),
  },
  {
    id: 'tools',
    title: 'Tools and a campaign retro',
    text: [
      'USER: We moved our email sends from Mailchimp to Customer.io last month, and HubSpot is still the CRM of record.',
      'ASSISTANT: Noted. How did the spring email campaign perform?',
      'USER: Open rate was 41%, click-through 3.2%, and the subject lines with numbers did best. Let\'s reuse that learning.',
    ].join('\n'),
  },
  {
    id: 'small-talk',
    title: 'Small talk (nothing to keep)',
    text: ['USER: Thanks, that\'s all for now!', 'ASSISTANT: You\'re welcome, have a nice day.'].join('\n'),
  },
];
