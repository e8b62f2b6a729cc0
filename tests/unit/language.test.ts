import { describe, expect, it } from 'vitest';
import { detectLanguage } from '#shared/domain/language.ts';

describe('detectLanguage', () => {
  it.each([
    ['id', 'Menteri Luar Negeri bertemu dengan mitranya dari Rusia untuk membahas kerja sama dan situasi keamanan di kawasan Asia Tenggara pada Selasa.'],
    ['en', 'The foreign ministers met on Tuesday to discuss security cooperation and the humanitarian situation in the region, officials said.'],
    ['de', 'Die Außenminister trafen sich am Dienstag, um über die Zusammenarbeit und die humanitäre Lage in der Region zu sprechen.'],
    ['fr', "Les ministres des Affaires étrangères se sont réunis mardi pour discuter de la coopération et de la situation humanitaire dans la région."],
    ['es', 'Los ministros de Asuntos Exteriores se reunieron el martes para hablar de la cooperación y de la situación humanitaria en la región.'],
    ['pt', 'Os ministros das Relações Exteriores se reuniram na terça-feira para discutir a cooperação e a situação humanitária na região.'],
    ['tr', 'Dışişleri bakanları salı günü bölgedeki güvenlik işbirliğini ve insani durumu görüşmek üzere bir araya geldi.'],
    ['ru', 'Министры иностранных дел встретились во вторник, чтобы обсудить сотрудничество и гуманитарную ситуацию в регионе.'],
    ['ar', 'التقى وزراء الخارجية يوم الثلاثاء لمناقشة التعاون الأمني والوضع الإنساني في المنطقة، بحسب ما قاله المسؤولون.'],
    ['fa', 'وزیران خارجه روز سه‌شنبه برای گفتگو درباره همکاری امنیتی و وضعیت انسانی در منطقه با یکدیگر دیدار کردند.'],
  ])('recognises %s news prose', (code, text) => {
    const guess = detectLanguage(text);
    expect(guess.code).toBe(code);
    expect(guess.confidence).toBeGreaterThan(0.3);
  });

  it('answers und with zero confidence for text too short to judge', () => {
    expect(detectLanguage('OK 12')).toEqual({ code: 'und', confidence: 0 });
  });

  it('reports less confidence for a short text than for a long one', () => {
    const short = detectLanguage('Presiden bertemu menteri di istana.');
    const long = detectLanguage('Presiden bertemu menteri di istana. '.repeat(12));
    expect(short.confidence).toBeLessThan(long.confidence);
  });
});
