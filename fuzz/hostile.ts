/**
 * Hand-built hostile files (the safety issue's findings): workbooks that hung or exhausted the old reader, as bytes.
 * The fuzz harness starts from them; the XLSX tests use the same builders.
 */
import { crc32, deflateRawSync } from "node:zlib";

/** A ZIP archive of the given entries (deflated unless `stored`); `declare` overrides an entry's declared size. */
export function zipOf(
  entries: Record<string, Buffer | string>,
  o: { stored?: boolean; declare?: Record<string, number> } = {},
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const data = o.stored ? raw : deflateRawSync(raw);
    const size = o.declare?.[name] ?? raw.length;
    const nameBuf = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(o.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(o.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The parts of a one-sheet workbook whose sheet XML is `sheet` (and shared strings `strings`). */
export function workbookParts(sheet: string, strings = ""): Record<string, string> {
  return {
    "xl/workbook.xml": '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": `<worksheet><sheetData>${sheet}</sheetData></worksheet>`,
    ...(strings ? { "xl/sharedStrings.xml": `<sst>${strings}</sst>` } : {}),
  };
}

/** The hostile workbooks of the issue, small enough to fuzz from (each under 6 KB). */
export function hostileXlsx(): Buffer[] {
  return [
    zipOf(workbookParts('<row r="1">' + '<c r="A1"><v>1</v>'.repeat(320))), // unclosed cells, 5.6 KB of XML
    zipOf(workbookParts('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')), // the far corner
    zipOf(workbookParts(`<row><c r="A${"9".repeat(400)}"><v>1</v></c></row>`)), // a 400-digit row number
    zipOf(workbookParts('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "<si><t>only</t></si>")), // a missing shared string
    zipOf({ "xl/worksheets/sheet1.xml": Buffer.alloc(4_000_000) }, { declare: { "xl/worksheets/sheet1.xml": 1000 } }), // a small zip bomb
    zipOf(workbookParts('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>', "<si><t>code</t></si>")),
  ];
}
