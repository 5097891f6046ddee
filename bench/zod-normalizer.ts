// The baseline a user would write without voicehook, for two vendors: JSON.parse, a zod schema
// per vendor, and mapping code into the same CallEvent shape (types from the npm package).
// Written the idiomatic way (safeParse, transforms, optional/nullable), not tuned for speed.
import { z } from "zod";
import type { CallEvent, Message, Role } from "../pkg-config/call-event";

const isoTime = z.string().transform((text, ctx) => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: "custom", message: "not a time" });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

const roleOf = (word: string): Role => {
  const w = word.toLowerCase();
  if (["assistant", "agent", "bot", "ai"].includes(w)) return "agent";
  if (["user", "human", "customer", "caller"].includes(w)) return "caller";
  return "system";
};

const e164 = (raw: string | null | undefined) =>
  raw ? { e164: /^\+[1-9]\d{7,14}$/.test(raw.replace(/[\s().-]/g, "")) ? raw.replace(/[\s().-]/g, "") : null, raw } : null;

function emptyEvent(vendor: CallEvent["vendor"], kind: CallEvent["kind"]): CallEvent {
  return {
    schema_version: 1,
    id: "",
    vendor,
    vendor_event: null,
    kind,
    occurred_at: null,
    call: {
      id: null, sid: null, direction: null, from: null, to: null, forwarded_from: null, started_at: null,
      answered_at: null, ended_at: null, duration_seconds: null, status: null, status_raw: null, attempt: null,
    },
    agent: { id: null, name: null, phone: null },
    contact: { id: null, name: null, first_name: null, last_name: null, phone: null, email: null, city: null, region: null, country: null, fields: {} },
    campaign: null,
    transcript: null,
    summary: null,
    outcome: null,
    variables: {},
    metrics: [],
    recording: null,
    voicemail: null,
    extracted_fields: {},
    inferred_contact: null,
    warnings: [],
    extra: {},
    raw: null,
  } as CallEvent;
}

const StarleadsMessage = z.object({
  Timestamp: isoTime.optional(),
  Role: z.string(),
  Text: z.string().default(""),
  Intent: z.string().optional().nullable(),
});

const Starleads = z.object({
  Id: z.string(),
  CampaignId: z.string().optional().nullable(),
  ProcessedAt: isoTime.optional().nullable(),
  RunningStatus: z.string().optional().nullable(),
  AttemptCount: z.number().int().optional().nullable(),
  PhoneNumber: z.string().optional().nullable(),
  DataBag: z.record(z.string(), z.unknown()).optional().nullable(),
  Result: z
    .object({
      Tag: z.object({ _id: z.string().optional(), Name: z.string().optional() }).optional().nullable(),
      Conversation: z.object({ Messages: z.array(StarleadsMessage).default([]) }).optional().nullable(),
      Summary: z.string().optional().nullable(),
      IsSystem: z.boolean().optional().nullable(),
      Metadata: z.record(z.string(), z.unknown()).optional().nullable(),
    })
    .optional()
    .nullable(),
});

export function normalizeStarleads(body: string): CallEvent {
  const item = Starleads.parse(JSON.parse(body));
  const event = emptyEvent("starleads", item.RunningStatus === "Error" ? "call.failed" : "call.ended");
  event.occurred_at = item.ProcessedAt ?? null;
  event.call.id = item.Id;
  event.call.attempt = item.AttemptCount ?? null;
  event.call.direction = "outbound";
  event.call.to = e164(item.PhoneNumber);
  event.contact.phone = e164(item.PhoneNumber);
  const bag = item.DataBag ?? {};
  event.contact.first_name = typeof bag.firstname === "string" ? bag.firstname : null;
  event.contact.email = typeof bag.email === "string" ? bag.email : null;
  event.campaign = item.CampaignId ? { id: item.CampaignId, name: null } as CallEvent["campaign"] : null;
  const messages: Message[] = (item.Result?.Conversation?.Messages ?? []).map((m) => ({
    role: roleOf(m.Role),
    text: m.Text,
    at: m.Timestamp ?? null,
    offset_seconds: null,
    intent: m.Intent || null,
  }));
  event.transcript = messages.length ? { messages, text: null } : null;
  event.summary = item.Result?.Summary ?? null;
  event.variables = (item.Result?.Metadata ?? {}) as CallEvent["variables"];
  return event;
}

const Atoms = z.object({
  event: z.string().optional(),
  metadata: z.object({
    eventType: z.enum(["pre-conversation", "post-conversation", "analytics-completed"]),
    agentId: z.string().optional(),
    callId: z.string(),
    recordingUrl: z.string().optional().nullable(),
    callData: z
      .object({
        answerTime: isoTime.optional().nullable(),
        endTime: isoTime.optional().nullable(),
        callDirection: z.string().optional().nullable(),
        callDuration: z.union([z.number(), z.string().transform(Number)]).optional().nullable(),
        callStatus: z.string().optional().nullable(),
        fromNumber: z.string().optional().nullable(),
        toNumber: z.string().optional().nullable(),
      })
      .optional(),
    transcript: z
      .array(z.object({ role: z.string(), content: z.string().default(""), timestamp: isoTime.optional() }))
      .default([]),
    variables: z.record(z.string(), z.unknown()).default({}),
  }),
});

export function normalizeAtoms(body: string): CallEvent {
  const { metadata } = Atoms.parse(JSON.parse(body));
  const kind = metadata.eventType === "pre-conversation" ? "call.started" : metadata.eventType === "analytics-completed" ? "call.analyzed" : "call.ended";
  const event = emptyEvent("smallest_atoms", kind);
  event.vendor_event = metadata.eventType;
  event.agent.id = metadata.agentId ?? null;
  event.call.id = metadata.callId;
  const data = metadata.callData;
  if (data) {
    event.call.answered_at = data.answerTime ?? null;
    event.call.ended_at = data.endTime ?? null;
    event.occurred_at = data.endTime ?? null;
    event.call.duration_seconds = data.callDuration ?? null;
    event.call.status_raw = data.callStatus ?? null;
    event.call.direction = data.callDirection?.includes("outbound") ? "outbound" : data.callDirection ? "inbound" : null;
    event.call.from = e164(data.fromNumber);
    event.call.to = e164(data.toNumber);
  }
  const start = event.call.answered_at ? Date.parse(event.call.answered_at) : null;
  const messages: Message[] = metadata.transcript.map((m) => ({
    role: roleOf(m.role),
    text: m.content,
    at: m.timestamp ?? null,
    offset_seconds: start !== null && m.timestamp ? (Date.parse(m.timestamp) - start) / 1000 : null,
    intent: null,
  }));
  event.transcript = messages.length ? { messages, text: null } : null;
  event.recording = metadata.recordingUrl ? ({ url: metadata.recordingUrl, sid: null, duration_seconds: null } as CallEvent["recording"]) : null;
  event.variables = metadata.variables as CallEvent["variables"];
  return event;
}

const epochMs = z.union([z.number(), z.string().transform(Number)]).transform((ms) => new Date(ms).toISOString());

const RetellCall = z.object({
  call_id: z.string(),
  agent_id: z.string().optional().nullable(),
  agent_name: z.string().optional().nullable(),
  call_type: z.string().optional(),
  call_status: z.string().optional().nullable(),
  direction: z.enum(["inbound", "outbound"]).optional().nullable(),
  from_number: z.string().optional().nullable(),
  to_number: z.string().optional().nullable(),
  start_timestamp: epochMs.optional().nullable(),
  end_timestamp: epochMs.optional().nullable(),
  duration_ms: z.number().optional().nullable(),
  transcript: z.string().optional().nullable(),
  transcript_object: z
    .array(z.object({ role: z.string(), content: z.string().default(""), words: z.array(z.unknown()).optional() }))
    .optional()
    .nullable(),
  recording_url: z.string().optional().nullable(),
  disconnection_reason: z.string().optional().nullable(),
  metadata: z.record(z.string(), z.unknown()).optional().nullable(),
  retell_llm_dynamic_variables: z.record(z.string(), z.unknown()).optional().nullable(),
  call_analysis: z
    .object({
      call_summary: z.string().optional().nullable(),
      user_sentiment: z.string().optional().nullable(),
      call_successful: z.boolean().optional().nullable(),
      custom_analysis_data: z.record(z.string(), z.unknown()).optional().nullable(),
    })
    .optional()
    .nullable(),
});

const Retell = z.object({
  event: z.enum(["call_started", "call_ended", "call_analyzed", "transcript_updated", "transfer_started", "transfer_bridged", "transfer_cancelled", "transfer_ended"]),
  call: RetellCall,
});

const retellKinds: Record<string, CallEvent["kind"]> = {
  call_started: "call.started",
  call_ended: "call.ended",
  call_analyzed: "call.analyzed",
  transcript_updated: "transcript.updated",
};

export function normalizeRetell(body: string): CallEvent {
  const { event: name, call } = Retell.parse(JSON.parse(body));
  const event = emptyEvent("retell", retellKinds[name] ?? "call.transferred");
  event.vendor_event = name;
  event.call.id = call.call_id;
  event.agent.id = call.agent_id ?? null;
  event.agent.name = call.agent_name ?? null;
  event.call.direction = call.direction ?? null;
  event.call.from = e164(call.from_number);
  event.call.to = e164(call.to_number);
  event.contact.phone = e164(call.direction === "inbound" ? call.from_number : call.to_number);
  event.call.started_at = call.start_timestamp ?? null;
  event.call.ended_at = call.end_timestamp ?? null;
  event.occurred_at = call.end_timestamp ?? call.start_timestamp ?? null;
  event.call.duration_seconds = call.duration_ms != null ? call.duration_ms / 1000 : null;
  event.call.status_raw = call.call_status ?? null;
  const messages: Message[] = (call.transcript_object ?? []).map((m) => ({
    role: roleOf(m.role),
    text: m.content,
    at: null,
    offset_seconds: null,
    intent: null,
  }));
  event.transcript = messages.length || call.transcript ? { messages, text: call.transcript ?? null } : null;
  event.summary = call.call_analysis?.call_summary ?? null;
  event.outcome = call.disconnection_reason || call.call_analysis
    ? ({
        label: null,
        success: call.call_analysis?.call_successful ?? null,
        reason: call.disconnection_reason ?? null,
        sentiment: call.call_analysis?.user_sentiment ?? null,
        system: null,
      } as CallEvent["outcome"])
    : null;
  event.recording = call.recording_url ? ({ url: call.recording_url, sid: null, duration_seconds: null } as CallEvent["recording"]) : null;
  event.variables = { ...(call.retell_llm_dynamic_variables ?? {}), ...(call.call_analysis?.custom_analysis_data ?? {}) } as CallEvent["variables"];
  return event;
}

const VapiMessage = z.object({
  role: z.string(),
  message: z.string().optional(),
  time: z.number().optional(),
  secondsFromStart: z.number().optional(),
});

const Vapi = z.object({
  message: z.object({
    type: z.string(),
    timestamp: z.union([z.number(), z.string()]).optional(),
    status: z.string().optional(),
    endedReason: z.string().optional(),
    startedAt: isoTime.optional().nullable(),
    endedAt: isoTime.optional().nullable(),
    durationSeconds: z.number().optional().nullable(),
    durationMs: z.number().optional().nullable(),
    call: z.object({ id: z.string(), type: z.string().optional(), phoneCallProviderId: z.string().optional() }).optional(),
    customer: z.object({ number: z.string().optional() }).optional(),
    phoneNumber: z.object({ number: z.string().optional() }).optional().nullable(),
    summary: z.string().optional(),
    transcript: z.string().optional(),
    recordingUrl: z.string().optional(),
    messages: z.array(VapiMessage).optional(),
    analysis: z.object({ summary: z.string().optional(), successEvaluation: z.string().optional().nullable() }).optional(),
    artifact: z
      .object({
        messages: z.array(VapiMessage).optional(),
        transcript: z.string().optional(),
        recordingUrl: z.string().optional(),
      })
      .optional(),
  }),
});

export function normalizeVapi(body: string): CallEvent {
  const { message } = Vapi.parse(JSON.parse(body));
  const kind = message.type === "end-of-call-report" ? "call.ended" : message.type === "status-update" ? "call.started" : "transcript.updated";
  const event = emptyEvent("vapi", kind);
  event.vendor_event = message.type;
  event.call.id = message.call?.id ?? null;
  event.call.sid = message.call?.phoneCallProviderId ?? null;
  event.call.direction = message.call?.type === "inboundPhoneCall" ? "inbound" : message.call?.type === "outboundPhoneCall" ? "outbound" : null;
  event.contact.phone = e164(message.customer?.number);
  event.agent.phone = e164(message.phoneNumber?.number);
  event.call.started_at = message.startedAt ?? null;
  event.call.ended_at = message.endedAt ?? null;
  event.call.duration_seconds = message.durationSeconds ?? (message.durationMs != null ? message.durationMs / 1000 : null);
  const turns = message.artifact?.messages ?? message.messages ?? [];
  const messages: Message[] = turns
    .filter((m) => m.role !== "system")
    .map((m) => ({
      role: roleOf(m.role),
      text: m.message ?? "",
      at: m.time != null ? new Date(m.time).toISOString() : null,
      offset_seconds: m.secondsFromStart ?? null,
      intent: null,
    }));
  const text = message.artifact?.transcript ?? message.transcript ?? null;
  event.transcript = messages.length || text ? { messages, text } : null;
  event.summary = message.analysis?.summary ?? message.summary ?? null;
  event.outcome = message.endedReason ? ({ label: null, success: null, reason: message.endedReason, sentiment: null, system: null } as CallEvent["outcome"]) : null;
  const recording = message.artifact?.recordingUrl ?? message.recordingUrl;
  event.recording = recording ? ({ url: recording, sid: null, duration_seconds: null } as CallEvent["recording"]) : null;
  return event;
}
