// The benchmark corpus, generated deterministically (fixed seed): every vendor at about 1 KB,
// 10 KB, 100 KB and 1 MB, the size being mostly transcript, with French, Hindi, emoji, quotes
// and newlines in the text; and Atoms bodies doubling from 1 KB to 8 MB for the growth curve.
// Writes target/bench-corpus/{<vendor>-<size>.json, growth-<bytes>.json, index.json}.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const out = new URL("target/bench-corpus/", root);
const fixture = (path) => JSON.parse(readFileSync(new URL(`tests/fixtures/${path}`, root), "utf8"));

/** mulberry32: a small deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  "Bonjour, je vous appelle au sujet de votre rendez-vous de jeudi.",
  "Oui, ça me convient, mais plutôt l'après-midi si c'est possible.",
  "नमस्ते, मैं आपकी बकाया राशि के बारे में बात कर रही हूँ।",
  "हाँ, मैं शुक्रवार तक भुगतान कर दूँगा।",
  "Great, I've booked you for 3 pm — you'll get a confirmation by SMS 📱.",
  'He said "call me back tomorrow" and hung up.',
  "Can you spell your e-mail address?\nSure: p-a-u-l at example dot com.",
  "Parfait 👍 À bientôt !",
  "The total is $1,250.00; is that correct?",
  "Je préfère être rappelé après 18 h, merci 🙏",
];

function sentence(random) {
  return SENTENCES[Math.floor(random() * SENTENCES.length)];
}

/** How each vendor's body grows by one turn of conversation. */
const VENDORS = {
  starleads: {
    base: () => fixture("starleads/webhook_pascal_case.json"),
    grow(body, i, random) {
      body.Result.Conversation.Messages.push({
        Timestamp: new Date(Date.UTC(2024, 8, 13, 17, 4, 4) + i * 4000).toISOString(),
        Role: i % 2 ? "user" : "assistant",
        Text: sentence(random),
        Intent: "",
      });
    },
  },
  staragent: {
    base: () => fixture("staragent/voicemail_transcribe_mode.json"),
    grow(body, _i, random) {
      body.voicemail.transcription += ` ${sentence(random)}`;
    },
  },
  callab: {
    base: () => fixture("callab/call_ended_recommended_template.json"),
    grow(body, i, random) {
      body.transcript += `\n${i % 2 ? "User" : "Agent"}: ${sentence(random)}`;
    },
  },
  smallest_atoms: {
    base: () => fixture("smallest_atoms/post_conversation.json"),
    grow(body, i, random) {
      body.metadata.transcript.push({
        role: i % 2 ? "user" : "agent",
        content: sentence(random),
        timestamp: new Date(Date.UTC(2026, 4, 8, 7, 52, 5) + i * 1500).toISOString(),
      });
    },
  },
  autocalls: {
    base: () => fixture("autocalls/famulor_array_transcript.json"),
    grow(body, i, random) {
      body.transcript.push({ text: sentence(random), type: "transcript", sender: i % 2 ? "human" : "bot", timestamp: 1756812511.315143 + i * 2.5 });
    },
  },
  retell: {
    base: () => fixture("retell/call_ended_phone.json"),
    // Retell sends the conversation twice: as `transcript` text and as `transcript_object`.
    grow(body, i, random) {
      const role = i % 2 ? "user" : "agent";
      const content = sentence(random);
      body.call.transcript += `\n${role === "agent" ? "Agent" : "User"}: ${content}`;
      body.call.transcript_object.push({ role, content, words: [] });
    },
  },
  vapi: {
    base: () => fixture("vapi/end_of_call_report_artifact_and_top_level.json"),
    grow(body, i, random) {
      const message = sentence(random);
      const turn = { role: i % 2 ? "user" : "bot", message, time: 1764230941000 + i * 2500, secondsFromStart: i * 2.5 };
      body.message.artifact.messages.push(turn);
      body.message.artifact.transcript += `\n${i % 2 ? "User" : "AI"}: ${message}`;
    },
  },
  bland: {
    base: () => fixture("bland/inbound_voicemail_with_transcripts.json"),
    grow(body, i, random) {
      const text = sentence(random);
      const user = i % 2 ? "user" : "assistant";
      body.transcripts.push({ id: 200 + i, created_at: new Date(Date.UTC(2025, 10, 20, 15, 0, 5) + i * 3000).toISOString(), text, user });
      body.concatenated_transcript += ` \n ${user}: ${text}`;
    },
  },
  synthflow: {
    base: () => fixture("synthflow/nested_with_collected_variables.json"),
    grow(body, i, random) {
      body.call.transcript += `\n${i % 2 ? "human" : "bot"}: ${sentence(random)}`;
    },
  },
  elevenlabs: {
    base: () => fixture("elevenlabs/post_call_transcription_web.json"),
    grow(body, i, random) {
      body.data.transcript.push({
        role: i % 2 ? "user" : "agent", message: sentence(random), tool_calls: null, tool_results: null,
        feedback: null, time_in_call_secs: i * 3, conversation_turn_metrics: null,
      });
    },
  },
  twilio: {
    // A form, not JSON: Twilio's callbacks carry no transcript, so a large body is a speech
    // <Gather> result (`SpeechResult`) plus the call's parameters, grown sentence by sentence.
    form: true,
    base: () => new URLSearchParams(readFileSync(new URL("tests/fixtures/twilio/status_callback_completed.form", root), "utf8")),
    grow(body, _i, random) {
      body.set("SpeechResult", `${body.get("SpeechResult") ?? ""} ${sentence(random)}`.trim());
    },
  },
};

/** A body of `vendor` grown to about `size` bytes (never below the base fixture). */
export function body(vendor, size, seed = 42) {
  const { base, grow, form } = VENDORS[vendor];
  const random = prng(seed);
  const document = base();
  const serialize = () => (form ? document.toString() : JSON.stringify(document));
  const measure = () => Buffer.byteLength(serialize());
  const start = measure();
  let bytes = start;
  let turns = 0;
  // Grow in steps sized from the average turn so far (90% of the gap), then turn by turn.
  while (bytes < size) {
    const average = (bytes - start) / turns;
    const step = turns ? Math.max(1, Math.floor(((size - bytes) / average) * 0.9)) : 4;
    for (let i = 0; i < step; i++) grow(document, turns++, random);
    bytes = measure();
  }
  return Buffer.from(serialize());
}

/** The content type a vendor's corpus body is sent with. */
export const contentType = (vendor) => (VENDORS[vendor].form ? "application/x-www-form-urlencoded" : "application/json");

export const SIZES = { "1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000 };
export const GROWTH = Array.from({ length: 14 }, (_, i) => 1024 * 2 ** i); // 1 KB … 8 MB

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const index = { cases: [], growth: [] };
  for (const vendor of Object.keys(VENDORS)) {
    for (const [label, size] of Object.entries(SIZES)) {
      const file = `${vendor}-${label}.${VENDORS[vendor].form ? "form" : "json"}`;
      const bytes = body(vendor, size);
      writeFileSync(new URL(file, out), bytes);
      index.cases.push({ vendor, size: label, file, bytes: bytes.length, content_type: contentType(vendor) });
    }
  }
  for (const size of GROWTH) {
    const file = `growth-${size}.json`;
    const bytes = body("smallest_atoms", size);
    writeFileSync(new URL(file, out), bytes);
    index.growth.push({ vendor: "smallest_atoms", file, bytes: bytes.length, content_type: contentType("smallest_atoms") });
  }
  writeFileSync(new URL("index.json", out), JSON.stringify(index, null, 2));
  console.log(`corpus: ${index.cases.length} cases, ${index.growth.length} growth sizes in target/bench-corpus/`);
}
