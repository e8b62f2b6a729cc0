import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessSpin } from '#shared/domain/extract/spin.ts';

const sample = readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url), 'utf8');

describe('assessSpin', () => {
  it('scores the synonym-spun sample high, with the substitutions and capitalised words as evidence', () => {
    const spin = assessSpin(sample, 'id');
    expect(spin.score).toBeGreaterThanOrEqual(0.8);
    expect(spin.evidence.join(' ')).toContain('Amerika Perkumpulan');
    expect(spin.evidence.join(' ')).toMatch(/Buat ×\d+/);
  });

  it('scores ordinary copy low, including the real name "Perserikatan Bangsa-Bangsa"', () => {
    const text = [
      'JAKARTA - Menteri Luar Negeri Retno Marsudi bertemu dengan Sekretaris Jenderal Perserikatan Bangsa-Bangsa di New York pada Selasa untuk membahas situasi kemanusiaan di Gaza.',
      'Dalam pertemuan itu, kedua pihak sepakat untuk terus mendorong gencatan senjata dan membuka akses bantuan bagi warga sipil yang terdampak perang.',
      'Hubungan bilateral Indonesia dan Amerika Serikat juga dibahas, termasuk kerja sama ekonomi dan investasi yang akan ditingkatkan tahun depan.',
    ].join('\n\n');
    expect(assessSpin(text, 'id')).toEqual({ score: 0, evidence: [] });
  });

  it('recognises English spinner substitutions', () => {
    const spin = assessSpin('Officials from the United Conditions met the Prime Serve of Britain in London on Monday to talk about trade.', 'en');
    expect(spin.score).toBeGreaterThan(0.5);
    expect(spin.evidence).toHaveLength(2);
  });
  it('counts a capitalised common word only mid-sentence: not after a full stop, an opening quote or a dash', () => {
    const text = [
      'Delegasi kedua negara berjumpa di Riyadh pada Selasa Buat menyepakati langkah awal perundingan damai yang sudah lama ditunggu oleh warga sipil di kawasan itu.',
      'Para menteri luar negeri bertemu lagi pada hari berikutnya Buat membahas rincian gencatan senjata, pertukaran tahanan dan akses bantuan kemanusiaan ke kota-kota yang terkepung.',
      'Juru bicara kementerian berkata: “Buat kami, ini langkah penting.” Ia menambahkan bahwa pertemuan lanjutan akan digelar di Jenewa — Buat memastikan semua pihak hadir dan mau berkompromi.',
      'Pengamat menilai pertemuan itu bersejarah. Buat sebagian diplomat, hasilnya masih jauh dari harapan, tetapi mereka tetap optimistis soal masa depan hubungan kedua negara itu.',
    ].join('\n\n');
    // 98 words ("kota-kota" is one), 2 of them mid-sentence "Buat": 20.4 per 1000.
    expect(assessSpin(text, 'id').evidence).toEqual(['common words capitalised mid-sentence: Buat ×2 (20.4 per 1000 words)']);
  });
});
