// Personal data in replies: never a full resident ID number or phone number.

/** 320508201001011234 → 320508********1234: region kept, birth date and sequence hidden. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 13812345678 → 138****5678; anything else keeps only its last 2 characters. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/**
 * Free text as typed (visit notes, report contents) with any resident ID number or mobile
 * number in it masked, before it is echoed in a reply or pushed to others. The file keeps
 * the text as typed.
 */
export function maskFreeText(text: string): string {
  return (
    text
      // 18-digit and old 15-digit resident ID numbers
      .replace(/(?<!\d)\d{17}[\dXx](?![\dXx])/g, (id) => maskIdNumber(id))
      .replace(/(?<!\d)\d{15}(?!\d)/g, (id) => maskIdNumber(id))
      // mobiles, also as +86 138 1234 5678, 86-138-1234-5678 or 138 1234 5678
      .replace(/(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g, (phone) =>
        maskPhone(phone.replace(/\D/g, '').slice(-11)),
      )
  );
}
