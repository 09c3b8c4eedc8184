/**
 * Drug vocabulary for multi-valued therapy cells (`MMF; tacrolimus`, `Rituximab + HCQ`): each
 * entry is a canonical name, the spellings that stand for it (generic names in British and
 * American spelling, brands, common abbreviations) and the classes it belongs to, so a list
 * may ask for a drug ('tacrolimus') or a class ('anti-CD20', 'JAK inhibitor', 'biologic').
 * Drugs that are not in any list still belong here (prednisone, hydroxychloroquine): a cell
 * whose every entry is recognised can say "none of the listed drugs"; an unrecognised entry
 * cannot.
 *
 * @example
 * drugKey("Cell-Cept") // "mycophenolate"
 * splitDrugCell("MMF 2 g/day; FK506 + HCQ") // ["MMF", "FK506", "HCQ"]
 */

/** [canonical name, classes, spellings] */
const DRUGS: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  ["azathioprine", [], ["AZA", "Imuran", "Imurek", "Azasan"]],
  [
    "mycophenolate",
    [],
    [
      "mycophenolate mofetil",
      "MMF",
      "CellCept",
      "mycophenolic acid",
      "mycophenolate sodium",
      "MPA",
      "Myfortic",
    ],
  ],
  ["cyclophosphamide", [], ["CYC", "CTX", "Cytoxan", "Endoxan", "Endoxana", "Euro-Lupus"]],
  ["methotrexate", [], ["MTX", "Trexall", "Otrexup", "Rasuvo", "Metoject", "Lantarel"]],
  ["leflunomide", [], ["LEF", "Arava"]],
  ["thalidomide", [], ["Thalomid"]],
  [
    "tripterygium wilfordii",
    [],
    ["tripterygium", "tripterygium glycosides", "TwHF", "TWHF", "Lei Gong Teng", "leigongteng"],
  ],
  ["tacrolimus", [], ["TAC", "FK506", "FK-506", "Prograf", "Advagraf", "Envarsus"]],
  [
    "cyclosporine A",
    [],
    [
      "cyclosporine",
      "cyclosporin",
      "ciclosporin",
      "ciclosporin A",
      "CsA",
      "CyA",
      "Neoral",
      "Sandimmun",
      "Sandimmune",
    ],
  ],
  ["sirolimus", [], ["rapamycin", "Rapamune"]],
  ["voclosporin", [], ["Lupkynis"]],
  ["tofacitinib", ["JAK inhibitor"], ["Xeljanz"]],
  ["baricitinib", ["JAK inhibitor"], ["Olumiant"]],
  ["upadacitinib", ["JAK inhibitor"], ["Rinvoq"]],
  ["filgotinib", ["JAK inhibitor"], ["Jyseleca"]],
  ["ruxolitinib", ["JAK inhibitor"], ["Jakafi", "Jakavi"]],
  ["deucravacitinib", ["JAK inhibitor"], ["Sotyktu", "TYK2 inhibitor"]],
  ["JAK inhibitor", [], ["JAKi", "JAK-inhibitor", "janus kinase inhibitor"]],
  ["rituximab", ["anti-CD20", "biologic"], ["RTX", "Rituxan", "MabThera", "Truxima", "Ruxience"]],
  ["obinutuzumab", ["anti-CD20", "biologic"], ["Gazyva", "Gazyvaro"]],
  ["ocrelizumab", ["anti-CD20", "biologic"], ["Ocrevus"]],
  ["ofatumumab", ["anti-CD20", "biologic"], ["Arzerra", "Kesimpta"]],
  ["anti-CD20", ["biologic"], ["anti CD20", "anti-CD20 antibody", "CD20 antibody"]],
  ["belimumab", ["biologic"], ["Benlysta"]],
  ["telitacicept", ["biologic"], ["RC18", "Tai'ai"]],
  ["anifrolumab", ["biologic"], ["Saphnelo"]],
  ["atacicept", ["biologic"], []],
  ["biologic", [], ["biologics", "biological", "biologic therapy"]],
  // recognised, in no list of the seed protocol: they let a cell say "none of the listed"
  [
    "glucocorticoid",
    [],
    [
      "glucocorticoids",
      "corticosteroid",
      "corticosteroids",
      "steroid",
      "steroids",
      "GC",
      "prednisone",
      "prednisolone",
      "Prednisolon",
      "Methylprednisolon",
      "methylprednisolone",
      "MP",
      "Medrol",
      "Solu-Medrol",
      "dexamethasone",
      "hydrocortisone",
      "deflazacort",
      "Decortin",
    ],
  ],
  [
    "antimalarial",
    [],
    [
      "antimalarials",
      "hydroxychloroquine",
      "HCQ",
      "Plaquenil",
      "Quensyl",
      "chloroquine",
      "quinacrine",
      "mepacrine",
    ],
  ],
  [
    "ACE inhibitor or ARB",
    [],
    [
      "ACE inhibitor",
      "ACEi",
      "ARB",
      "ramipril",
      "lisinopril",
      "enalapril",
      "losartan",
      "valsartan",
      "irbesartan",
      "telmisartan",
      "candesartan",
    ],
  ],
  ["IVIG", [], ["intravenous immunoglobulin", "immunoglobulin"]],
  ["plasma exchange", [], ["plasmapheresis", "PLEX"]],
  ["dapsone", [], []],
  ["none", [], ["no therapy", "nil", "keine", "no"]],
];

/** A spelling's key: lower case, accents and everything but letters and digits removed. */
export function spellingKey(s: string): string {
  return s
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

const BY_KEY = new Map<string, string>();
const CLASSES = new Map<string, readonly string[]>();
for (const [name, classes, spellings] of DRUGS) {
  CLASSES.set(name, classes);
  for (const s of [name, ...spellings]) BY_KEY.set(spellingKey(s), name);
}

/** Canonical names and classes, for suggestions and docs. */
export function drugNames(): string[] {
  return DRUGS.map((d) => d[0]);
}

/** The canonical drug or class one spelling stands for, or undefined. */
export function drugKey(text: string): string | undefined {
  const k = spellingKey(text);
  return k === "" ? undefined : BY_KEY.get(k);
}

/** The classes of a canonical drug ('rituximab' → anti-CD20, biologic). */
export function drugClasses(name: string): readonly string[] {
  return CLASSES.get(name) ?? [];
}

/**
 * A cell's entries: split at `;` `,` `/` `+` `|` `&`, line breaks and the words and / plus /
 * und; a dose or note after the name (`MMF 2 g/day`, `tacrolimus (stopped)`) is dropped.
 */
export function splitDrugCell(cell: string): string[] {
  return cell
    .split(/[;,/+|&\n]|\s(?:and|plus|und|with|mit)\s/i)
    .map((s) =>
      s
        .replace(/\(.*?\)/g, " ")
        .replace(/\s\d.*$/, "")
        .trim(),
    )
    .filter((s) => s !== "");
}
