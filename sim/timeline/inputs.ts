/**
 * Every behavioural input of the population level: a value, the range the tornado and the input band
 * explore, and where it comes from. A timeline file may override a value or a range (`inputs:`); the
 * docs table (sim/timeline/README.md) is printed from this list by `inputsTable`.
 */
export interface InputDef {
  readonly value: number;
  readonly range: readonly [number, number];
  /** What the number means in the model. */
  readonly meaning: string;
  /** The source, or `assumption` with why the range is what it is. */
  readonly source: string;
}

export const INPUTS = {
  appsPerUser: {
    value: 3,
    range: [2.5, 3.5],
    meaning: 'messaging apps held per user at the start (initial multi-homing)',
    source: 'Ofcom, Online Communication Services market study, 26 Oct 2023: UK adults actively use 3 online communication services on average',
  },
  gatekeeperReach: {
    value: 0.97,
    range: [0.93, 0.99],
    meaning: 'share of users holding at least one gatekeeper app at the start',
    source: 'WIK (2024), n = 2,826: 97% of German messaging users use a gatekeeper service',
  },
  alternativeReach: {
    value: 0.5,
    range: [0.4, 0.6],
    meaning: 'share of users also holding a non-gatekeeper app at the start',
    source: 'WIK (2024): only 50% also use an alternative',
  },
  optInWillingness: {
    value: 0.55,
    range: [0.5, 0.64],
    meaning: 'chance that a gatekeeper user with a contact reachable only through third-party chats enables them when they next reconsider',
    source: 'WIK (2024): 64% find interoperability useful; more than half would enable it at each Art. 7 stage',
  },
  optInWithoutNeed: {
    value: 0.1,
    range: [0, 0.3],
    meaning: 'relative chance of enabling third-party chats with no contact yet reachable only that way (curiosity, publicity), as a share of optInWillingness',
    source: 'assumption (WIK 2024 reports stated willingness, not its timing)',
  },
  leaveWish: {
    value: 0.26,
    range: [0.16, 0.26],
    meaning: 'share of users who would rather not use the gatekeeper\'s apps (they feel gatekeeperDislike for each one they hold)',
    source: 'Griggio et al. (2022): 26% wanted to move at least part of their communication; 16% used WhatsApp less',
  },
  gatekeeperDislike: {
    value: 0.15,
    range: [0.05, 0.3],
    meaning: 'cost those users feel per gatekeeper app held, in the same units as reach',
    source: 'assumption; with the inputs above 74% of would-be movers stay without interoperability (Griggio et al. 2022: 74% failed)',
  },
  networkEffectWeight: {
    value: 0.93,
    range: [0.85, 0.97],
    meaning: 'weight of reach (contacts reachable) against the app\'s own quality in a user\'s valuation',
    source: 'BNetzA (2021): for 93% of users network effects are a major reason for their primary service',
  },
  networkValueExponent: {
    value: 2,
    range: [1.5, 2],
    meaning: 'a network of n is worth about n^a in total, so each user values reaching r contacts as r^(a-1)',
    source: 'Zhang, Liu, Xu (2015): network value grows about as n^2 in Tencent and Facebook data',
  },
  switchSuccess: {
    value: 0.26,
    range: [0.2, 0.35],
    meaning: 'chance that a user whose best app is not their main one moves their conversations in a month they reconsider',
    source: 'Griggio, Nouwens, Klokmose (CHI 2022), n = 1,525: 26% wanted to move part of their communication, 74% of those failed',
  },
  installRate: {
    value: 0.27,
    range: [0.16, 0.27],
    meaning: 'chance that a user who would gain from an app installs it when reconsidering',
    source: 'Griggio et al. (2022): by May 2021, 27% used other apps more but only 16% used WhatsApp less',
  },
  dropRate: {
    value: 0.05,
    range: [0.005, 0.1],
    meaning: 'chance that a user drops an app that reaches nobody they cannot reach otherwise, when reconsidering',
    source: 'Griggio et al. (2022): 0.5% uninstalled WhatsApp in the 2021 episode (lower end); upper end an assumption',
  },
  maxMonthlyAdoption: {
    value: 0.03,
    range: [0.01, 0.05],
    meaning: 'most new installs of one app in a month, as a share of users (caps a rush)',
    source: 'Signal gained 47 M downloads in two weeks (Jan 2021), about 1.5% of WhatsApp\'s 3 B users; range around it',
  },
  offerQuality: {
    value: 0.8,
    range: [0.5, 1],
    meaning: 'quality of a chat through the gatekeeper\'s offer relative to a native one (latency, features, reliability): a policy knob',
    source: 'Cremer, Rey, Tirole (2000): the larger network prefers lower-quality interconnection; value an assumption',
  },
  contactsMean: {
    value: 20,
    range: [10, 40],
    meaning: 'mean number of messaging contacts per user (degree of the social graph, geometric spread)',
    source: 'assumption: active messaging contacts are tens, not hundreds',
  },
  homophily: {
    value: 0.8,
    range: [0.6, 0.9],
    meaning: 'share of a user\'s contacts drawn among users with the same main app',
    source: 'assumption: most contacts are on the same app (issue 18)',
  },
  revisionRate: {
    value: 0.1,
    range: [0.05, 0.2],
    meaning: 'share of users who reconsider their apps in a month (inertia)',
    source: 'assumption',
  },
  holdingCost: {
    value: 0.03,
    range: [0.01, 0.06],
    meaning: 'cost of keeping one more app (attention, storage), in the same units as reach',
    source: 'assumption',
  },
  groupsWeight: {
    value: 0.3,
    range: [0.2, 0.4],
    meaning: 'share of a contact link\'s value that comes from groups (1:1 text and media is the rest after groups and calls)',
    source: 'assumption',
  },
  callsWeight: {
    value: 0.1,
    range: [0.05, 0.2],
    meaning: 'share of a contact link\'s value that comes from voice and video calls',
    source: 'assumption',
  },
  requestToLiveMonths: {
    value: 3,
    range: [1, 3],
    meaning: 'months from an entrant\'s request to live interoperability',
    source: 'DMA Art. 7(5): at most 3 months after the request',
  },
} as const satisfies Record<string, InputDef>;

export type InputName = keyof typeof INPUTS;
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];
export type InputValues = Readonly<Record<InputName, number>>;

export const defaultInputs = (): Record<InputName, number> => Object.fromEntries(INPUT_NAMES.map((n) => [n, INPUTS[n].value])) as Record<InputName, number>;

/** The inputs table as Markdown: name, value, range, meaning, source. */
export function inputsTable(values: InputValues = defaultInputs(), ranges?: Readonly<Partial<Record<InputName, readonly [number, number]>>>): string {
  const rows = INPUT_NAMES.map((n) => {
    const r = ranges?.[n] ?? INPUTS[n].range;
    return `| \`${n}\` | ${values[n]} | ${r[0]} to ${r[1]} | ${INPUTS[n].meaning} | ${INPUTS[n].source} |`;
  });
  return ['| input | value | range | meaning | source |', '|---|---|---|---|---|', ...rows].join('\n');
}
