import sharp from 'sharp';

/** An XMP packet with dc:subject keywords, MWG face regions (centre + size) and a Microsoft region. */
export function xmpPacket(opts: { subjects: string[]; mwg: Array<{ name: string; x: number; y: number; w: number; h: number }>; mp?: { name: string; rect: string } }): string {
  const li = (s: string) => `<rdf:li>${s}</rdf:li>`;
  const mwg = opts.mwg
    .map(
      (r) =>
        `<rdf:li><rdf:Description mwg-rs:Name="${r.name}" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="${r.x}" stArea:y="${r.y}" stArea:w="${r.w}" stArea:h="${r.h}" stArea:unit="normalized"/></rdf:Description></rdf:li>`,
    )
    .join('');
  const mp = opts.mp
    ? `<MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag><rdf:li rdf:parseType="Resource"><MPReg:Rectangle>${opts.mp.rect}</MPReg:Rectangle><MPReg:PersonDisplayName>${opts.mp.name}</MPReg:PersonDisplayName></rdf:li></rdf:Bag></MPRI:Regions></MP:RegionInfo>`
    : '';
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#" xmlns:MP="http://ns.microsoft.com/photo/1.2/" xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#" xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
<dc:subject><rdf:Bag>${opts.subjects.map(li).join('')}</rdf:Bag></dc:subject>
<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:AppliedToDimensions stDim:w="40" stDim:h="30" stDim:unit="pixel"/><mwg-rs:RegionList><rdf:Bag>${mwg}</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
${mp}
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}

/**
 * An APP13 segment as Photoshop writes it: "Photoshop 3.0", one 8BIM resource 0x0404 holding
 * IPTC-IIM records 2:25 (Keywords). Written by hand: sharp writes no IPTC.
 */
export function iptcSegment(keywords: string[]): Buffer {
  const records = Buffer.concat(
    keywords.map((k) => {
      const v = Buffer.from(k, 'utf8');
      return Buffer.concat([Buffer.from([0x1c, 2, 25, v.length >> 8, v.length & 0xff]), v]);
    }),
  );
  const data = records.length % 2 === 1 ? Buffer.concat([records, Buffer.from([0])]) : records;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(records.length);
  const resource = Buffer.concat([Buffer.from('8BIM'), Buffer.from([0x04, 0x04]), Buffer.from([0, 0]), size, data]);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0'), resource]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xed]), length, payload]);
}

/** A small real JPEG with the XMP packet and, after the start marker, the IPTC segment. */
export async function taggedJpeg(xmp: string | undefined, iptcKeywords: string[] = []): Promise<Buffer> {
  let img = sharp({ create: { width: 40, height: 30, channels: 3, background: '#884422' } }).jpeg();
  if (xmp) img = img.withXmp(xmp);
  const jpeg = await img.toBuffer();
  if (iptcKeywords.length === 0) return jpeg;
  return Buffer.concat([jpeg.subarray(0, 2), iptcSegment(iptcKeywords), jpeg.subarray(2)]);
}
