/**
 * The junk scraped articles carry INSIDE the text (under the title, between paragraphs), by kind:
 * photo captions (a descriptive sentence with a credit, or a bare noun phrase), credit-only lines,
 * wire-photo slugs, section labels and bylines above the headline, embedded posts quoted as text,
 * ad markers, "read also" lines, app and channel promos, legal footers. Written for this project in
 * twelve languages with made-up names and places (none copied from a real page); dataset.ts injects
 * them into corpus articles at training time.
 *
 * Placeholders as in chrome.ts, plus `{place}` (a made-up place), `{agency}` (a made-up or generic
 * agency), `{handle}` (a made-up account), `{topic}` (a capitalised topic word).
 */
export interface InlineJunk {
  /** A descriptive caption sentence, without its credit. */
  captionSentence: string[];
  /** A bare noun-phrase caption. */
  captionNoun: string[];
  /** The word for "photo" in a credit ("Photo", "Foto", …). */
  photo: string[];
  /** Section labels that sit above a headline. */
  section: string[];
  /** Bylines and datelines with the outlet's name (above or under the headline). */
  byline: string[];
  /** The word an ad marker carries. */
  ad: string[];
  /** "Read also:"-like prefixes for a single related headline. */
  readAlso: string[];
  /** More promos: channels, apps, alerts. */
  promo: string[];
  /** Legal, DMCA and copyright lines. */
  legal: string[];
  /** Comment lines with a user name. */
  comment: string[];
  /** UI widgets. */
  widget: string[];
  /** Words for wire-photo slugs and section labels, capitalised. */
  topics: string[];
  /** Sign-ups, contributor and editor's notes, published/updated stamps, appeals, back-to-top, video promos. */
  extra: string[];
  /** Awards and badges a masthead carries. */
  badge: string[];
}

export const INLINE_JUNK: Record<string, InlineJunk> = {
  en: {
    captionSentence: [
      '{user} speaks to reporters outside the ministry in {place} on {date}',
      'Residents walk past a damaged building in {place}',
      'Delegates arrive for the second day of talks in {place}.',
      'A view of the harbour in {place} at sunset',
      'Supporters wave flags during a rally in {place}, {date}.',
    ],
    captionNoun: ['The old town of {place}', 'Morning traffic in {place}', 'A market stall in {place}', 'Talks in {place}'],
    photo: ['Photo', 'Image', 'Picture'],
    section: ['WORLD NEWS', 'Opinion', 'Analysis', 'Exclusive', 'Breaking', 'Live', 'Middle East', 'Europe'],
    byline: [
      'By {user}, {outlet}',
      '{user} | {outlet}',
      'By {user} and {user} for {outlet}',
      '{outlet} Staff',
      '{user}, {outlet} correspondent',
      'Published {date} by {outlet}',
    ],
    ad: ['ADVERTISEMENT', 'Advertisement', 'Sponsored', 'AD'],
    readAlso: ['Read also:', 'Read more:', 'See also:', 'Related:'],
    promo: [
      'Get {outlet} alerts on your phone',
      'Follow us on Instagram, X and YouTube',
      'Turn on notifications so you never miss a story',
      'Listen to the {outlet} podcast wherever you get podcasts',
    ],
    legal: [
      'All content © {year} {outlet} Ltd. Reproduction without permission is prohibited.',
      'To report a copyright infringement, send a DMCA notice to legal@{outlet}.com',
      'Registered in England No. {n}{n}{n}',
      '{outlet} is not responsible for the content of external sites.',
    ],
    comment: ['{user} wrote:', '{user} {n} likes', 'Reply to {user}', '{user} · {date}'],
    widget: ['Text size: Small Medium Large', 'Dark mode', 'Save article', 'Gift this article', 'Show more', 'Hide'],
    topics: ['ELECTION', 'SUMMIT', 'PROTEST', 'ECONOMY', 'WEATHER', 'TALKS', 'BORDER'],
    extra: [
      'Sign up for the {outlet} newsletter and never miss a story',
      'Privacy notice: newsletters may include offers from partners. You can unsubscribe at any time.',
      '{user} contributed to this report.',
      'Reporting by {user} in {place}; editing by {user}',
      "Editor's note: this story is developing and will be updated.",
      'Published {date} · Updated {n} hours ago',
      'by {user} {date} {n} min read',
      'Support independent journalism. Become a member today.',
      'Back to top',
      'WATCH: What we know so far',
      'Read this story without ads. Join {outlet}+',
      'This page is also available in Français and Español',
    ],
    badge: ['Award-winning journalism since 19{n}', 'Best digital publisher {year}', 'Trusted news since 19{n}'],
  },
  id: {
    captionSentence: [
      '{user} memberikan keterangan kepada wartawan di {place}, {date}',
      'Warga melintas di depan gedung yang rusak di {place}',
      'Suasana rapat kerja di kantor gubernur {place}.',
      'Sejumlah pedagang menata dagangan di pasar {place}',
    ],
    captionNoun: ['Kawasan pelabuhan {place}', 'Suasana pagi di {place}', 'Ilustrasi antrean kendaraan', 'Gedung DPRD {place}'],
    photo: ['Foto', 'Dok', 'Sumber'],
    section: ['INTERNASIONAL', 'Nasional', 'Ekonomi Bisnis', 'Eksklusif', 'Opini', 'Khas'],
    byline: ['Reporter: {user} | Editor: {user}', 'Penulis: {user} / {outlet}', '{outlet}.com, {date}', 'Oleh {user}, {outlet}', 'Tim Redaksi {outlet}'],
    ad: ['IKLAN', 'Iklan', 'ADVERTISEMENT', 'Sponsor'],
    readAlso: ['Baca juga:', 'Baca Juga :', 'Simak juga:', 'Lihat juga:'],
    promo: [
      'Dapatkan berita pilihan {outlet} langsung di ponselmu, gabung saluran Telegram kami',
      'Ikuti kami di Instagram dan TikTok',
      'Nyalakan notifikasi agar tidak ketinggalan berita terbaru',
      'Klik di sini untuk mengunduh aplikasi {outlet}',
    ],
    legal: [
      'Dilarang mengambil dan/atau menayangkan ulang sebagian atau keseluruhan artikel di atas tanpa izin redaksi',
      'Hak cipta © {year} {outlet}',
      'Isi komentar sepenuhnya tanggung jawab pengguna',
    ],
    comment: ['{user} menulis:', '{user} {n} suka', 'Balas {user}', '{user} · {date}'],
    widget: ['Ukuran teks: Kecil Sedang Besar', 'Mode gelap', 'Simpan artikel', 'Tampilkan lebih banyak', 'Halaman 1 2 3'],
    topics: ['PEMILU', 'BANJIR', 'DEMO', 'EKONOMI', 'MUDIK', 'KTT'],
    extra: [
      'Daftar newsletter {outlet} dan dapatkan berita pilihan setiap pagi',
      'Laporan wartawan {outlet}, {user}',
      'Artikel ini telah tayang di {outlet}.com dengan judul yang sama',
      'Editor: {user} | Reporter: {user}',
      'Dipublikasikan {date}, diperbarui {n} jam lalu',
      'Simak juga video pilihan berikut ini:',
      'Baca berita tanpa iklan. Gabung {outlet}+',
      'Kembali ke atas',
      'Dukung jurnalisme berkualitas dengan berlangganan',
      'Infografis: data terbaru',
    ],
    badge: ['Media terpercaya sejak 19{n}', 'Pemenang penghargaan media terbaik {year}'],
  },
  de: {
    captionSentence: [
      '{user} spricht am {date} vor dem Ministerium in {place} mit Journalisten',
      'Passanten gehen an einem beschädigten Gebäude in {place} vorbei',
      'Delegierte treffen zum zweiten Verhandlungstag in {place} ein.',
      'Blick auf den Hafen von {place} am Abend',
    ],
    captionNoun: ['Die Altstadt von {place}', 'Berufsverkehr in {place}', 'Ein Marktstand in {place}', 'Verhandlungen in {place}'],
    photo: ['Foto', 'Bild', 'Quelle'],
    section: ['AUSLAND', 'Meinung', 'Analyse', 'Exklusiv', 'Eilmeldung', 'Liveblog', 'Nahost'],
    byline: ['Von {user}, {outlet}', '{user} | {outlet}', 'Ein Kommentar von {user}', '{outlet}-Redaktion', 'Aktualisiert am {date}'],
    ad: ['ANZEIGE', 'Anzeige', 'Werbung', 'Sponsored'],
    readAlso: ['Lesen Sie auch:', 'Auch interessant:', 'Mehr dazu:', 'Siehe auch:'],
    promo: [
      'Erhalten Sie Eilmeldungen von {outlet} direkt aufs Handy',
      'Folgen Sie uns auf Instagram und YouTube',
      'Jetzt {outlet}+ testen: 4 Wochen für 1 Euro',
      'Hören Sie den {outlet}-Podcast',
    ],
    legal: [
      '© {outlet} {year} – Vervielfältigung nur mit Genehmigung',
      'Alle Inhalte sind urheberrechtlich geschützt.',
      'Hinweise zu Urheberrechtsverletzungen bitte an recht@{outlet}.de',
    ],
    comment: ['{user} schrieb:', '{user} {n} Likes', 'Antwort an {user}', '{user} · {date}'],
    widget: ['Textgröße: Klein Mittel Groß', 'Dunkelmodus', 'Artikel merken', 'Mehr anzeigen', 'Seite 1 von 3'],
    topics: ['WAHL', 'GIPFEL', 'PROTEST', 'WIRTSCHAFT', 'UNWETTER', 'GRENZE'],
    extra: [
      'Abonnieren Sie den {outlet}-Newsletter',
      'Datenschutzhinweis: Sie können den Newsletter jederzeit abbestellen.',
      'Mitarbeit: {user}',
      'Anmerkung der Redaktion: Dieser Artikel wird laufend aktualisiert.',
      'Veröffentlicht am {date}, aktualisiert vor {n} Stunden',
      'Unterstützen Sie unabhängigen Journalismus – jetzt Mitglied werden',
      'Nach oben',
      'Video: Das wissen wir bisher',
      'Werbefrei lesen mit {outlet}+',
    ],
    badge: ['Zeitung des Jahres {year}', 'Ausgezeichnet: bestes Nachrichtenportal {year}'],
  },
  fr: {
    captionSentence: [
      "{user} s'adresse à la presse devant le ministère à {place}, le {date}",
      'Des habitants passent devant un immeuble endommagé à {place}',
      'Les délégués arrivent pour la deuxième journée de discussions à {place}.',
      'Vue du port de {place} au coucher du soleil',
    ],
    captionNoun: ['La vieille ville de {place}', 'Circulation matinale à {place}', 'Un étal de marché à {place}', 'Négociations à {place}'],
    photo: ['Photo', 'Crédit', 'Illustration'],
    section: ['INTERNATIONAL', 'Décryptage', 'Analyse', 'Exclusif', 'Direct', 'Proche-Orient', 'Tribune'],
    byline: ['Par {user}, {outlet}', '{user} | {outlet}', '{outlet} avec AFP', 'Publié le {date} par {user}', 'La rédaction de {outlet}'],
    ad: ['PUBLICITÉ', 'Publicité', 'Contenu sponsorisé', 'PUB'],
    readAlso: ['Lire aussi :', 'À lire également :', 'Voir aussi :', 'Sur le même sujet :'],
    promo: [
      'Recevez les alertes de {outlet} sur votre téléphone',
      'Suivez-nous sur Instagram et YouTube',
      'Abonnez-vous à {outlet} : 1 € le premier mois',
      'Écoutez le podcast de {outlet}',
    ],
    legal: [
      '© {outlet} {year} – Toute reproduction interdite sans autorisation',
      'Pour signaler un contenu illicite, écrivez à juridique@{outlet}.fr',
      'Les commentaires sont sous la responsabilité de leurs auteurs.',
    ],
    comment: ['{user} a écrit :', "{user} {n} j'aime", 'Réponse à {user}', '{user} · {date}'],
    widget: ['Taille du texte : Petit Moyen Grand', 'Mode sombre', 'Sauvegarder', 'Afficher plus', 'Page 1 sur 3'],
    topics: ['ÉLECTIONS', 'SOMMET', 'MANIFESTATION', 'ÉCONOMIE', 'MÉTÉO', 'FRONTIÈRE'],
    extra: [
      'Inscrivez-vous à la newsletter de {outlet}',
      'Vos données sont traitées conformément à notre politique de confidentialité.',
      'Avec {user} à {place}',
      'Note de la rédaction : cet article est mis à jour régulièrement.',
      'Publié le {date}, mis à jour il y a {n} heures',
      'Soutenez un journalisme indépendant : abonnez-vous',
      'Retour en haut',
      "VIDÉO - Ce que l'on sait",
      'Lisez sans publicité avec {outlet}+',
    ],
    badge: ["Journal de l'année {year}", "Prix du meilleur site d'information {year}"],
  },
  es: {
    captionSentence: [
      '{user} habla con la prensa frente al ministerio en {place}, el {date}',
      'Vecinos pasan junto a un edificio dañado en {place}',
      'Los delegados llegan a la segunda jornada de negociaciones en {place}.',
      'Vista del puerto de {place} al atardecer',
    ],
    captionNoun: ['El casco antiguo de {place}', 'Tráfico matinal en {place}', 'Un puesto del mercado de {place}', 'Negociaciones en {place}'],
    photo: ['Foto', 'Imagen', 'Fotografía'],
    section: ['INTERNACIONAL', 'Opinión', 'Análisis', 'Exclusiva', 'En directo', 'Oriente Próximo'],
    byline: ['Por {user}, {outlet}', '{user} | {outlet}', 'Redacción {outlet}', '{outlet} / Agencias', 'Actualizado el {date}'],
    ad: ['PUBLICIDAD', 'Publicidad', 'Patrocinado', 'ANUNCIO'],
    readAlso: ['Lee también:', 'Te puede interesar:', 'Ver también:', 'Relacionado:'],
    promo: [
      'Recibe las alertas de {outlet} en tu móvil',
      'Síguenos en Instagram y YouTube',
      'Únete al canal de {outlet} en Telegram',
      'Escucha el pódcast de {outlet}',
    ],
    legal: [
      '© {outlet} {year}. Prohibida su reproducción total o parcial',
      'Para denuncias de derechos de autor escriba a legal@{outlet}.es',
      'Los comentarios son responsabilidad de sus autores.',
    ],
    comment: ['{user} escribió:', '{user} {n} me gusta', 'Respuesta a {user}', '{user} · {date}'],
    widget: ['Tamaño del texto: Pequeño Mediano Grande', 'Modo oscuro', 'Guardar', 'Ver más', 'Página 1 de 3'],
    topics: ['ELECCIONES', 'CUMBRE', 'PROTESTA', 'ECONOMÍA', 'TEMPORAL', 'FRONTERA'],
    extra: [
      'Suscríbete al boletín de {outlet}',
      'Con información de {user} desde {place}',
      'Nota del editor: esta noticia se está actualizando.',
      'Publicado el {date}, actualizado hace {n} horas',
      'Apoya el periodismo independiente. Hazte socio.',
      'Volver arriba',
      'VÍDEO | Lo que sabemos',
      'Lee sin anuncios con {outlet}+',
      'Continúa después de la publicidad',
    ],
    badge: ['Periódico del año {year}', 'Premio al mejor medio digital {year}'],
  },
  pt: {
    captionSentence: [
      '{user} fala com jornalistas em frente ao ministério em {place}, em {date}',
      'Moradores passam por um prédio danificado em {place}',
      'Delegados chegam para o segundo dia de negociações em {place}.',
      'Vista do porto de {place} ao entardecer',
    ],
    captionNoun: ['O centro histórico de {place}', 'Trânsito pela manhã em {place}', 'Uma banca de feira em {place}', 'Negociações em {place}'],
    photo: ['Foto', 'Imagem', 'Reprodução'],
    section: ['MUNDO', 'Opinião', 'Análise', 'Exclusivo', 'Ao vivo', 'Oriente Médio'],
    byline: ['Por {user}, {outlet}', '{user} | {outlet}', 'Da redação do {outlet}', '{outlet}, com agências', 'Atualizado em {date}'],
    ad: ['PUBLICIDADE', 'Publicidade', 'Patrocinado', 'ANÚNCIO'],
    readAlso: ['Leia também:', 'Veja também:', 'Saiba mais:', 'Relacionadas:'],
    promo: [
      'Receba as notícias do {outlet} no seu celular',
      'Siga-nos no Instagram e no YouTube',
      'Entre no canal do {outlet} no Telegram',
      'Ouça o podcast do {outlet}',
    ],
    legal: [
      '© {year} {outlet}. Proibida a reprodução sem autorização',
      'Denúncias de direitos autorais: juridico@{outlet}.com.br',
      'Os comentários são de responsabilidade de seus autores.',
    ],
    comment: ['{user} escreveu:', '{user} {n} curtidas', 'Resposta a {user}', '{user} · {date}'],
    widget: ['Tamanho do texto: Pequeno Médio Grande', 'Modo escuro', 'Salvar', 'Ver mais', 'Página 1 de 3'],
    topics: ['ELEIÇÕES', 'CÚPULA', 'PROTESTO', 'ECONOMIA', 'CHUVAS', 'FRONTEIRA'],
    extra: [
      'Assine a newsletter do {outlet}',
      'Com informações de {user}, de {place}',
      'Nota do editor: esta reportagem está sendo atualizada.',
      'Publicado em {date}, atualizado há {n} horas',
      'Apoie o jornalismo independente. Assine já.',
      'Voltar ao topo',
      'VÍDEO: O que se sabe',
      'Continua após a publicidade',
      'Leia sem anúncios com {outlet}+',
    ],
    badge: ['Jornal do ano {year}', 'Prêmio de melhor site de notícias {year}'],
  },
  ru: {
    captionSentence: [
      '{user} общается с журналистами у здания министерства в {place}, {date}',
      'Жители проходят мимо поврежденного здания в {place}',
      'Делегаты прибывают на второй день переговоров в {place}.',
      'Вид на порт {place} на закате',
    ],
    captionNoun: ['Старый город {place}', 'Утренние пробки в {place}', 'Рыночный прилавок в {place}', 'Переговоры в {place}'],
    photo: ['Фото', 'Источник', 'Иллюстрация'],
    section: ['В МИРЕ', 'Мнение', 'Аналитика', 'Эксклюзив', 'Онлайн', 'Ближний Восток'],
    byline: ['Автор: {user}, {outlet}', '{user} | {outlet}', 'Редакция {outlet}', '{outlet}, {date}', 'Текст: {user}'],
    ad: ['РЕКЛАМА', 'Реклама', 'Партнерский материал', 'Спецпроект'],
    readAlso: ['Читайте также:', 'По теме:', 'Смотрите также:', 'Ранее:'],
    promo: [
      'Получайте новости {outlet} в Telegram',
      'Подписывайтесь на наш канал в Дзене',
      'Включите уведомления, чтобы не пропустить главное',
      'Слушайте подкаст {outlet}',
    ],
    legal: [
      '© {year} {outlet}. Использование материалов только с разрешения редакции',
      'Сетевое издание зарегистрировано, свидетельство Эл № ФС{n}-{n}{n}',
      'Материал содержит мнение автора.',
    ],
    comment: ['{user} пишет:', '{user} {n} отметок', 'Ответ {user}', '{user} · {date}'],
    widget: ['Размер текста: Мелкий Средний Крупный', 'Темная тема', 'Сохранить', 'Показать еще', 'Страница 1 из 3'],
    topics: ['ВЫБОРЫ', 'САММИТ', 'ПРОТЕСТ', 'ЭКОНОМИКА', 'ПОГОДА', 'ГРАНИЦА'],
    extra: [
      'Подпишитесь на рассылку {outlet}',
      'При участии {user}',
      'Примечание редакции: материал дополняется.',
      'Опубликовано {date}, обновлено {n} часов назад',
      'Поддержите независимую журналистику',
      'Наверх',
      'Видео: что известно на данный момент',
      'Читайте без рекламы с {outlet}+',
    ],
    badge: ['Издание года {year}', 'Лауреат премии лучший новостной сайт {year}'],
  },
  ar: {
    captionSentence: [
      '{user} يتحدث إلى الصحفيين أمام مقر الوزارة في {place}',
      'سكان يمرون أمام مبنى متضرر في {place}',
      'وصول الوفود لليوم الثاني من المحادثات في {place}.',
      'منظر لميناء {place} عند الغروب',
    ],
    captionNoun: ['المدينة القديمة في {place}', 'زحمة السير صباحا في {place}', 'سوق شعبي في {place}', 'محادثات في {place}'],
    photo: ['صورة', 'المصدر', 'أرشيف'],
    section: ['عربي ودولي', 'رأي', 'تحليل', 'حصري', 'عاجل', 'مباشر'],
    byline: ['بقلم {user} | {outlet}', '{user} | {outlet}', '{outlet} / وكالات', 'تحديث {date}', 'فريق تحرير {outlet}'],
    ad: ['إعلان', 'محتوى ممول', 'إعلانات'],
    readAlso: ['اقرأ أيضا:', 'مواضيع ذات صلة:', 'شاهد أيضا:', 'طالع أيضا:'],
    promo: ['تابع آخر أخبار {outlet} عبر قناتنا على واتساب', 'تابعونا على إنستغرام ويوتيوب', 'فعّل التنبيهات ليصلك كل جديد', 'استمع إلى بودكاست {outlet}'],
    legal: ['جميع الحقوق محفوظة © {year} {outlet}', 'يمنع نسخ أو إعادة نشر المحتوى دون إذن مسبق', 'المقالات المنشورة تعبر عن رأي كتابها'],
    comment: ['{user} كتب:', '{user} {n} إعجاب', 'رد على {user}', '{user} · {date}'],
    widget: ['حجم النص: صغير متوسط كبير', 'الوضع الليلي', 'حفظ', 'عرض المزيد', 'صفحة 1 من 3'],
    topics: ['انتخابات', 'قمة', 'احتجاجات', 'اقتصاد'],
    extra: [
      'اشترك في النشرة البريدية لـ {outlet}',
      'ساهم في إعداد التقرير {user}',
      'ملاحظة المحرر: يجري تحديث هذا الخبر',
      'تاريخ النشر: {date} - آخر تحديث منذ {n} ساعات',
      'ادعم الصحافة المستقلة',
      'زر العودة إلى الأعلى',
      'فيديو: ما نعرفه حتى الآن',
    ],
    badge: ['جائزة أفضل موقع إخباري {year}'],
  },
  tr: {
    captionSentence: [
      '{user}, {date} tarihinde {place} bakanlık binası önünde gazetecilere açıklama yaptı',
      'Vatandaşlar {place} kentinde hasar gören bir binanın önünden geçiyor',
      'Heyetler müzakerelerin ikinci günü için {place} kentine geldi.',
      '{place} limanından gün batımı manzarası',
    ],
    captionNoun: ['{place} eski şehir', '{place} sabah trafiği', '{place} pazar yeri', '{place} görüşmeleri'],
    photo: ['Fotoğraf', 'Görsel', 'Kaynak'],
    section: ['DÜNYA', 'Görüş', 'Analiz', 'Özel haber', 'Canlı', 'Orta Doğu'],
    byline: ['{user} | {outlet}', 'Haber: {user} / {outlet}', '{outlet} Haber Merkezi', 'Güncelleme: {date}', 'Yazan: {user}'],
    ad: ['REKLAM', 'Reklam', 'Sponsorlu içerik'],
    readAlso: ['İlginizi çekebilir:', 'Ayrıca okuyun:', 'İlgili haber:', 'Bakmadan geçme:'],
    promo: [
      '{outlet} haberlerini Telegram kanalımızdan takip edin',
      'Bizi Instagram ve YouTube üzerinden takip edin',
      'Bildirimleri açın, gelişmeleri kaçırmayın',
      '{outlet} podcastini dinleyin',
    ],
    legal: [
      '© {year} {outlet}. İzinsiz kullanılamaz, kaynak gösterilerek alıntı yapılabilir.',
      'Yorumlar kullanıcıların kendi görüşleridir.',
      'Telif hakkı ihlali bildirimleri için hukuk@{outlet}.com.tr',
    ],
    comment: ['{user} yazdı:', '{user} {n} beğeni', '{user} kullanıcısına yanıt', '{user} · {date}'],
    widget: ['Yazı boyutu: Küçük Orta Büyük', 'Karanlık mod', 'Kaydet', 'Daha fazla göster', 'Sayfa 1 / 3'],
    topics: ['SEÇİM', 'ZİRVE', 'PROTESTO', 'EKONOMİ', 'SINIR'],
    extra: [
      '{outlet} bültenine abone olun',
      'Haberin hazırlanmasına {user} katkıda bulundu.',
      'Editörün notu: Bu haber güncellenmektedir.',
      'Yayınlanma: {date}, güncellenme: {n} saat önce',
      'Bağımsız gazeteciliği destekleyin',
      'Başa dön',
      'VİDEO: Şu ana kadar bilinenler',
    ],
    badge: ['Yılın gazetesi {year}', 'En iyi haber sitesi ödülü {year}'],
  },
  fa: {
    captionSentence: [
      '{user} در جمع خبرنگاران مقابل ساختمان وزارت در {place}',
      'ساکنان از کنار ساختمان آسیب دیده در {place} عبور می‌کنند',
      'ورود هیئت‌ها برای دومین روز مذاکرات در {place}.',
      'نمایی از بندر {place} هنگام غروب',
    ],
    captionNoun: ['بافت قدیمی {place}', 'ترافیک صبحگاهی {place}', 'بازار {place}', 'مذاکرات {place}'],
    photo: ['عکس', 'منبع', 'تصویر'],
    section: ['بین الملل', 'یادداشت', 'تحلیل', 'اختصاصی', 'فوری'],
    byline: ['نویسنده: {user} | {outlet}', '{user} / {outlet}', 'گروه بین الملل {outlet}', 'به روز شده: {date}'],
    ad: ['تبلیغات', 'آگهی', 'رپورتاژ'],
    readAlso: ['بیشتر بخوانید:', 'همچنین بخوانید:', 'مطالب مرتبط:'],
    promo: ['اخبار {outlet} را در کانال تلگرام ما دنبال کنید', 'ما را در اینستاگرام دنبال کنید', 'اعلان‌ها را روشن کنید'],
    legal: ['کلیه حقوق این سایت متعلق به {outlet} است © {year}', 'استفاده از مطالب فقط با ذکر منبع مجاز است', 'نظرات کاربران بیانگر دیدگاه آنان است'],
    comment: ['{user} نوشت:', '{user} {n} پسند', 'پاسخ به {user}', '{user} · {date}'],
    widget: ['اندازه متن: کوچک متوسط بزرگ', 'حالت تاریک', 'ذخیره', 'نمایش بیشتر'],
    topics: ['انتخابات', 'اجلاس', 'اعتراض', 'اقتصاد'],
    extra: [
      'در خبرنامه {outlet} عضو شوید',
      'یادداشت سردبیر: این خبر در حال به روز رسانی است',
      'تاریخ انتشار: {date}',
      'از روزنامه نگاری مستقل حمایت کنید',
      'بازگشت به بالا',
      'ویدیو: آنچه تاکنون می‌دانیم',
    ],
    badge: ['برنده جایزه بهترین رسانه {year}'],
  },
  it: {
    captionSentence: [
      '{user} parla con i giornalisti davanti al ministero a {place}, il {date}',
      'Residenti passano davanti a un edificio danneggiato a {place}',
      'I delegati arrivano per la seconda giornata di colloqui a {place}.',
      'Veduta del porto di {place} al tramonto',
    ],
    captionNoun: ['Il centro storico di {place}', 'Traffico mattutino a {place}', 'Una bancarella del mercato di {place}', 'Colloqui a {place}'],
    photo: ['Foto', 'Immagine', 'Credit'],
    section: ['ESTERI', 'Opinioni', 'Analisi', 'Esclusiva', 'Diretta', 'Medio Oriente'],
    byline: ['di {user}, {outlet}', '{user} | {outlet}', 'Redazione {outlet}', '{outlet} con agenzie', 'Aggiornato il {date}'],
    ad: ['PUBBLICITÀ', 'Pubblicità', 'Contenuto sponsorizzato'],
    readAlso: ['Leggi anche:', 'Potrebbe interessarti:', 'Vedi anche:', 'Approfondisci:'],
    promo: [
      'Ricevi le notizie di {outlet} sul tuo telefono',
      'Seguici su Instagram e YouTube',
      'Unisciti al canale Telegram di {outlet}',
      'Ascolta il podcast di {outlet}',
    ],
    legal: [
      '© {year} {outlet} – Riproduzione riservata',
      "Per segnalazioni sul diritto d'autore scrivere a legale@{outlet}.it",
      'I commenti sono responsabilità dei rispettivi autori.',
    ],
    comment: ['{user} ha scritto:', '{user} {n} mi piace', 'Risposta a {user}', '{user} · {date}'],
    widget: ['Dimensione testo: Piccolo Medio Grande', 'Modalità scura', 'Salva', 'Mostra altro', 'Pagina 1 di 3'],
    topics: ['ELEZIONI', 'VERTICE', 'PROTESTA', 'ECONOMIA', 'MALTEMPO', 'CONFINE'],
    extra: [
      'Iscriviti alla newsletter di {outlet}',
      'Ha collaborato {user}',
      "Nota della redazione: l'articolo è in aggiornamento.",
      'Pubblicato il {date}, aggiornato {n} ore fa',
      'Sostieni il giornalismo indipendente: abbonati',
      'Torna su',
      'VIDEO | Cosa sappiamo',
      'Leggi senza pubblicità con {outlet}+',
    ],
    badge: ["Giornale dell'anno {year}", 'Premio miglior sito di notizie {year}'],
  },
  nl: {
    captionSentence: [
      '{user} staat journalisten te woord bij het ministerie in {place}, {date}',
      'Bewoners lopen langs een beschadigd gebouw in {place}',
      'Delegaties komen aan voor de tweede dag van de besprekingen in {place}.',
      'Uitzicht op de haven van {place} bij zonsondergang',
    ],
    captionNoun: ['De oude binnenstad van {place}', 'Ochtendspits in {place}', 'Een marktkraam in {place}', 'Besprekingen in {place}'],
    photo: ['Foto', 'Beeld', 'Bron'],
    section: ['BUITENLAND', 'Opinie', 'Analyse', 'Exclusief', 'Liveblog', 'Midden-Oosten'],
    byline: ['Door {user}, {outlet}', '{user} | {outlet}', 'Redactie {outlet}', '{outlet} / ANP', 'Bijgewerkt op {date}'],
    ad: ['ADVERTENTIE', 'Advertentie', 'Gesponsord'],
    readAlso: ['Lees ook:', 'Bekijk ook:', 'Meer over dit onderwerp:', 'Gerelateerd:'],
    promo: [
      'Ontvang pushberichten van {outlet} op je telefoon',
      'Volg ons op Instagram en YouTube',
      'Word lid van het WhatsApp-kanaal van {outlet}',
      'Luister naar de podcast van {outlet}',
    ],
    legal: [
      '© {year} {outlet}. Niets uit deze uitgave mag worden verveelvoudigd zonder toestemming',
      'Meld inbreuk op auteursrecht via juridisch@{outlet}.nl',
      'Reacties vallen onder verantwoordelijkheid van de schrijver.',
    ],
    comment: ['{user} schreef:', '{user} {n} likes', 'Reactie op {user}', '{user} · {date}'],
    widget: ['Tekstgrootte: Klein Middel Groot', 'Donkere modus', 'Bewaren', 'Toon meer', 'Pagina 1 van 3'],
    topics: ['VERKIEZINGEN', 'TOP', 'PROTEST', 'ECONOMIE', 'NOODWEER', 'GRENS'],
    extra: [
      'Schrijf je in voor de nieuwsbrief van {outlet}',
      'Met medewerking van {user}',
      'Noot van de redactie: dit artikel wordt bijgewerkt.',
      'Gepubliceerd {date}, bijgewerkt {n} uur geleden',
      'Steun onafhankelijke journalistiek. Word lid.',
      'Terug naar boven',
      'VIDEO | Dit weten we tot nu toe',
      'Lees zonder advertenties met {outlet}+',
    ],
    badge: ['Krant van het jaar {year}', 'Beste nieuwssite {year}'],
  },
};

/** Made-up places and agencies; generic social networks (names every language writes the same). */
const PLACES = [
  'Veloria',
  'Port Amsel',
  'Kalimar',
  'Ostrava Nova',
  'Santa Brisa',
  'Tel Harun',
  'Mirovsk',
  'Dunhaven',
  'Sarikent',
  'Bandar Lestari',
  'Qasr Nadim',
  'Lindevaart',
];
const AGENCIES = [
  'AFP',
  'Reuters',
  'AP',
  'EPA',
  'Anadolu',
  'ANTARA',
  'dpa',
  'EFE',
  'ANSA',
  'TASS',
  'Getty Images',
  'NordPress',
  'VeloPix',
  'Kora Agency',
  'Marlo Images',
];
const NETWORKS = ['Facebook', 'Twitter', 'X', 'WhatsApp', 'Telegram', 'LinkedIn', 'Email', 'Reddit', 'Pinterest', 'Messenger', 'Line', 'VK'];
const HANDLE_PARTS = ['news', 'daily', 'live', 'info', 'press', 'world', 'official', 'desk'];

type Random = () => number;
const pickOf = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

export function madeUpPlace(random: Random): string {
  return pickOf(random, PLACES);
}

export function madeUpAgency(random: Random): string {
  return pickOf(random, AGENCIES);
}

export function madeUpHandle(random: Random, outlet: string): string {
  return `@${outlet.replace(/\s+/g, '').toLowerCase()}${random() < 0.5 ? pickOf(random, HANDLE_PARTS) : ''}`;
}

/** A share row: network names run together, spaced, piped or bulleted. */
export function shareRow(random: Random): string[] {
  const n = 2 + Math.floor(random() * 5);
  const names = [...NETWORKS].sort(() => random() - 0.5).slice(0, n);
  const style = random();
  if (style < 0.3) return [names.join('')];
  if (style < 0.5) return [names.join(' ')];
  if (style < 0.65) return [names.join(' | ')];
  // Bullet + network name, one per line.
  return names.map((name) => `${random() < 0.5 ? '•' : '-'} ${name}`);
}

/** An ad marker, bare, bracketed or dashed. */
export function adMarker(random: Random, word: string): string {
  const style = random();
  if (style < 0.25) return word;
  if (style < 0.45) return `[${word}]`;
  if (style < 0.6) return `(${word})`;
  if (style < 0.8) return `- ${word} -`;
  if (style < 0.9) return `— ${word} —`;
  return `--- ${word} ---`;
}

/** A photo credit alone: "Photo: Name / Agency", "Name / Agency via Getty Images", "(AFP)", "FILE – …". */
export function creditLine(random: Random, photo: string, user: string, agency: string, caption: string): string {
  const style = random();
  if (style < 0.2) return `${photo}: ${user}/${agency}`;
  if (style < 0.35) return `${user} / ${agency} via Getty Images`;
  if (style < 0.45) return `(${photo}: ${agency})`;
  if (style < 0.55) return `${photo.toUpperCase()}: ${agency.toUpperCase()}/${user.toUpperCase()}`;
  if (style < 0.7) return `FILE – ${caption}`;
  if (style < 0.8) return `${agency}/${user}`;
  if (style < 0.9) return `© ${agency}`;
  return `${photo}: ${agency}`;
}

/** A caption: a descriptive sentence or a bare noun phrase, with or without its credit. */
export function captionLine(random: Random, sentence: string, photo: string, user: string, agency: string): string {
  const style = random();
  const end = /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  if (style < 0.3) return `${end} ${photo}: ${user}/${agency}`;
  if (style < 0.5) return `${end} (${photo}: ${agency})`;
  if (style < 0.65) return `${sentence} | ${photo}: ${agency}`;
  if (style < 0.8) return `${end} ${user}/${agency}`;
  if (style < 0.9) return `${sentence} (${agency})`;
  return `${end} © ${agency}`;
}

/** A wire-photo slug in capitals: "TOPIC-PLACE/", "PLACE-TOPIC/TOPIC". */
export function wireSlug(random: Random, topics: readonly string[], place: string): string {
  const a = pickOf(random, topics);
  const b = pickOf(random, topics);
  const p = place.toUpperCase().replace(/\s+/g, '-');
  const style = random();
  if (style < 0.4) return `${p}-${a}/`;
  if (style < 0.7) return `${a}-${p}/${b}`;
  return `${a}/${p}`;
}

/** An embedded post quoted as text: the post, then its signature line. */
export function embeddedPost(random: Random, user: string, handle: string, date: string, sentence: string): string[] {
  const lines = [`${sentence}${random() < 0.5 ? ` pic.twitter.com/${Math.floor(random() * 1e9).toString(36)}` : ''}`];
  lines.push(`— ${user} (${handle}) ${date}`);
  if (random() < 0.4) lines.push(`${handle}`);
  return lines;
}

/** Separators, bare links and editors' initials: junk with no words. */
export function bareJunk(random: Random, outlet: string, topics: readonly string[]): string {
  const style = random();
  if (style < 0.3) return pickOf(random, ['___', '***', '* * *', '—', '###']);
  if (style < 0.65)
    return `https://www.${outlet.replace(/\s+/g, '').toLowerCase()}.com/${pickOf(random, topics).toLowerCase()}/20${20 + Math.floor(random() * 6)}/${Math.floor(random() * 1e6)}/${pickOf(random, PLACES).toLowerCase().replace(/\s+/g, '-')}`;
  const initials = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  return `(${initials()}/${initials()})`;
}
