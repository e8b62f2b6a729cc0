/**
 * Page chrome for synthetic whole-page dumps: the menus, banners, share rows, related lists,
 * comments and footers a text extractor leaves around an article when it dumps a whole page.
 * Written for this project in twelve languages (none copied from a real page); `page-dump.ts`
 * wraps corpus articles in it at training time, so no corpus text is stored here.
 *
 * `{outlet}` is replaced by a made-up outlet name, `{user}` by a made-up user name, `{n}` by a number,
 * `{date}` by a date, `{headline}` by another article's headline.
 */
export interface Chrome {
  menu: string[];
  cookie: string[];
  search: string[];
  form: string[];
  share: string[];
  relatedHeader: string[];
  promo: string[];
  comments: string[];
  credit: string[];
  footer: string[];
  breadcrumb: string[];
  widget: string[];
  continueReading: string[];
}

export const CHROME: Record<string, Chrome> = {
  en: {
    menu: [
      'Home',
      'World',
      'Politics',
      'Business',
      'Sport',
      'Opinion',
      'Culture',
      'Video',
      'Podcasts',
      'Skip to content',
      'Toggle navigation',
      'Menu',
      'Sign in',
      'Subscribe',
      'Latest news',
      'Most read',
      'Weather',
      'Live TV',
    ],
    cookie: [
      'We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.',
      'Accept all cookies',
      'Manage preferences',
      'Reject non-essential',
    ],
    search: ['Search', 'Search for:', 'Type your search and press enter', 'Close search'],
    form: ['[ ] Remember me', '[x] I agree to the terms', 'Email address [ ]', 'Password', 'Submit', 'Forgot your password?'],
    share: ['Share', 'Facebook Twitter WhatsApp Email', 'Share on Facebook', '• Twitter', 'Copy link', 'Print', 'Share this article'],
    relatedHeader: ['Related stories', 'You may also like', 'More from {outlet}', 'Recommended for you', 'Trending now', 'Read next', "Editor's picks"],
    promo: [
      'Follow {outlet} on Telegram for breaking news',
      'Download the {outlet} app for iOS and Android',
      'Sign up for our daily newsletter',
      'Get the morning briefing in your inbox',
      'Join our WhatsApp channel',
    ],
    comments: ['{n} comments', 'Leave a comment', '{user} · {n} hours ago', 'Reply', 'Report', 'Log in to comment', 'Sort by newest', 'Load more comments'],
    credit: ['Photo: {user} / AFP via Getty Images', 'FILE PHOTO: {headline}', 'Image credit: {user}', '(Photo by {user}/Reuters)'],
    footer: [
      '© {year} {outlet}. All rights reserved.',
      'Terms of use',
      'Privacy policy',
      'Contact us',
      'About us',
      'Advertise with us',
      'DMCA notice',
      'Careers',
      'Sitemap',
      'This material may not be published, broadcast, rewritten or redistributed.',
    ],
    breadcrumb: ['Home > World > Middle East', '{outlet} / News / International', 'News | {outlet}'],
    widget: [
      'A A A',
      'Font size',
      'Listen to this article',
      '{n} min read',
      'Advertisement',
      '- Advertisement -',
      '[Ad]',
      'Scroll to continue',
      'Updated {date}',
    ],
    continueReading: ['Continue reading on {outlet}', 'This article was originally published at {outlet}', 'Read the full story at {outlet}.com'],
  },
  id: {
    menu: [
      'Beranda',
      'Nasional',
      'Internasional',
      'Ekonomi',
      'Olahraga',
      'Teknologi',
      'Hiburan',
      'Otomotif',
      'Indeks',
      'Terpopuler',
      'Masuk',
      'Daftar',
      'Berita Terkini',
      'Video',
      'Foto',
    ],
    cookie: ['Situs ini menggunakan cookie untuk pengalaman terbaik Anda.', 'Setuju', 'Pengaturan cookie'],
    search: ['Cari', 'Cari berita...', 'Ketik kata kunci lalu tekan enter'],
    form: ['[ ] Ingat saya', 'Alamat email [ ]', 'Kata sandi', 'Kirim', 'Lupa kata sandi?'],
    share: ['Bagikan', 'Facebook Twitter WhatsApp Telegram', 'Salin tautan', 'Bagikan artikel ini', '• WhatsApp'],
    relatedHeader: ['Berita Terkait', 'Artikel Lainnya', 'Rekomendasi untuk Anda', 'Terpopuler', 'Pilihan Redaksi', 'Baca Selanjutnya'],
    promo: [
      'Ikuti berita terkini dari {outlet} di Google News',
      'Simak breaking news pilihan kami langsung di ponselmu lewat WhatsApp Channel',
      'Unduh aplikasi {outlet} sekarang',
      'Dapatkan update berita pilihan setiap hari',
    ],
    comments: ['{n} Komentar', 'Tulis komentar', '{user} · {n} jam lalu', 'Balas', 'Laporkan', 'Masuk untuk berkomentar'],
    credit: ['Foto: {user}/ANTARA', 'ILUSTRASI: {headline}', 'Sumber foto: {user}'],
    footer: [
      'Copyright © {year} {outlet}. All Rights Reserved',
      'Pedoman Media Siber',
      'Kebijakan Privasi',
      'Redaksi',
      'Tentang Kami',
      'Kontak',
      'Info Iklan',
      'Karir',
    ],
    breadcrumb: ['Home > Internasional > Timur Tengah', '{outlet} > News > Dunia'],
    widget: ['A- A+', 'Ukuran huruf', 'ADVERTISEMENT', '--- Iklan ---', '[Iklan]', 'SCROLL TO CONTINUE WITH CONTENT', 'Waktu baca {n} menit'],
    continueReading: ['Selengkapnya di {outlet}', 'Artikel ini telah tayang di {outlet}.com'],
  },
  de: {
    menu: [
      'Startseite',
      'Politik',
      'Ausland',
      'Wirtschaft',
      'Sport',
      'Kultur',
      'Wissen',
      'Panorama',
      'Meinung',
      'Anmelden',
      'Abonnieren',
      'Zum Inhalt springen',
      'Newsticker',
    ],
    cookie: ['Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten.', 'Alle akzeptieren', 'Einstellungen'],
    search: ['Suche', 'Suchbegriff eingeben', 'Suche schließen'],
    form: ['[ ] Angemeldet bleiben', 'E-Mail-Adresse [ ]', 'Passwort', 'Absenden'],
    share: ['Teilen', 'Facebook Twitter WhatsApp E-Mail', 'Link kopieren', 'Artikel teilen', 'Drucken'],
    relatedHeader: ['Mehr zum Thema', 'Das könnte Sie auch interessieren', 'Meistgelesen', 'Weitere Artikel'],
    promo: ['Folgen Sie {outlet} auf WhatsApp', 'Jetzt die {outlet}-App herunterladen', 'Newsletter abonnieren'],
    comments: ['{n} Kommentare', 'Kommentar schreiben', '{user} · vor {n} Stunden', 'Antworten', 'Melden'],
    credit: ['Foto: {user}/dpa', 'Bild: picture alliance / {user}'],
    footer: ['© {outlet} {year}', 'Impressum', 'Datenschutz', 'Nutzungsbedingungen', 'Kontakt', 'Mediadaten', 'Alle Rechte vorbehalten.'],
    breadcrumb: ['Startseite > Politik > Ausland', '{outlet} > Nachrichten > Welt'],
    widget: ['Schriftgröße', 'Anzeige', '- Anzeige -', '[Werbung]', 'Lesezeit: {n} Min.', 'Artikel anhören'],
    continueReading: ['Weiterlesen auf {outlet}', 'Dieser Artikel erschien zuerst bei {outlet}'],
  },
  fr: {
    menu: [
      'Accueil',
      'International',
      'Politique',
      'Économie',
      'Sport',
      'Culture',
      'Société',
      'Idées',
      'Se connecter',
      "S'abonner",
      'Aller au contenu',
      'En direct',
    ],
    cookie: ['Nous utilisons des cookies pour améliorer votre expérience.', 'Tout accepter', 'Paramétrer'],
    search: ['Rechercher', 'Votre recherche', 'Fermer la recherche'],
    form: ['[ ] Se souvenir de moi', 'Adresse e-mail [ ]', 'Mot de passe', 'Valider'],
    share: ['Partager', 'Facebook Twitter LinkedIn E-mail', 'Copier le lien', 'Partager cet article'],
    relatedHeader: ['À lire aussi', 'Sur le même sujet', 'Les plus lus', 'Nos recommandations'],
    promo: ['Suivez {outlet} sur WhatsApp', "Téléchargez l'application {outlet}", 'Inscrivez-vous à notre newsletter'],
    comments: ['{n} commentaires', 'Réagir', '{user} · il y a {n} heures', 'Répondre', 'Signaler'],
    credit: ['Photo : {user} / AFP', 'Crédit : {user}'],
    footer: ['© {outlet} {year}', 'Mentions légales', 'Politique de confidentialité', 'Conditions générales', 'Nous contacter', 'Tous droits réservés.'],
    breadcrumb: ['Accueil > International > Proche-Orient', '{outlet} > Actualités > Monde'],
    widget: ['Taille du texte', 'Publicité', '- Publicité -', '[Pub]', 'Temps de lecture : {n} min', 'Écouter cet article'],
    continueReading: ['Lire la suite sur {outlet}', 'Cet article a été publié initialement sur {outlet}'],
  },
  es: {
    menu: [
      'Inicio',
      'Internacional',
      'Política',
      'Economía',
      'Deportes',
      'Cultura',
      'Opinión',
      'Iniciar sesión',
      'Suscríbete',
      'Ir al contenido',
      'Última hora',
    ],
    cookie: ['Utilizamos cookies para mejorar tu experiencia.', 'Aceptar todas', 'Configurar'],
    search: ['Buscar', 'Escribe tu búsqueda', 'Cerrar búsqueda'],
    form: ['[ ] Recordarme', 'Correo electrónico [ ]', 'Contraseña', 'Enviar'],
    share: ['Compartir', 'Facebook Twitter WhatsApp Correo', 'Copiar enlace', 'Compartir este artículo'],
    relatedHeader: ['Noticias relacionadas', 'También te puede interesar', 'Lo más leído', 'Más noticias'],
    promo: ['Sigue a {outlet} en WhatsApp', 'Descarga la app de {outlet}', 'Suscríbete a nuestro boletín'],
    comments: ['{n} comentarios', 'Deja tu comentario', '{user} · hace {n} horas', 'Responder', 'Denunciar'],
    credit: ['Foto: {user} / EFE', 'Imagen: {user}'],
    footer: ['© {year} {outlet}. Todos los derechos reservados.', 'Aviso legal', 'Política de privacidad', 'Contacto', 'Quiénes somos'],
    breadcrumb: ['Inicio > Internacional > Oriente Medio', '{outlet} > Noticias > Mundo'],
    widget: ['Tamaño de letra', 'Publicidad', '- Publicidad -', '[Anuncio]', 'Tiempo de lectura: {n} min'],
    continueReading: ['Sigue leyendo en {outlet}', 'Publicado originalmente en {outlet}'],
  },
  pt: {
    menu: ['Início', 'Mundo', 'Política', 'Economia', 'Esportes', 'Cultura', 'Opinião', 'Entrar', 'Assine', 'Pular para o conteúdo', 'Últimas notícias'],
    cookie: ['Usamos cookies para melhorar sua experiência.', 'Aceitar', 'Configurações de cookies'],
    search: ['Buscar', 'O que você procura?', 'Fechar busca'],
    form: ['[ ] Lembrar de mim', 'E-mail [ ]', 'Senha', 'Enviar'],
    share: ['Compartilhar', 'Facebook Twitter WhatsApp E-mail', 'Copiar link', 'Compartilhe esta notícia'],
    relatedHeader: ['Notícias relacionadas', 'Leia também', 'Mais lidas', 'Veja também'],
    promo: ['Siga o {outlet} no WhatsApp', 'Baixe o app do {outlet}', 'Receba nossa newsletter'],
    comments: ['{n} comentários', 'Comente', '{user} · há {n} horas', 'Responder', 'Denunciar'],
    credit: ['Foto: {user}/Reuters', 'Imagem: {user}/Agência Brasil'],
    footer: ['© {year} {outlet}. Todos os direitos reservados.', 'Termos de uso', 'Política de privacidade', 'Fale conosco', 'Expediente'],
    breadcrumb: ['Início > Mundo > Oriente Médio', '{outlet} > Notícias > Internacional'],
    widget: ['Tamanho da fonte', 'Publicidade', '- Publicidade -', '[Anúncio]', 'Tempo de leitura: {n} min'],
    continueReading: ['Continue lendo no {outlet}', 'Publicado originalmente em {outlet}'],
  },
  ru: {
    menu: ['Главная', 'Политика', 'В мире', 'Экономика', 'Спорт', 'Культура', 'Общество', 'Войти', 'Подписаться', 'Перейти к содержанию', 'Лента новостей'],
    cookie: ['Мы используем файлы cookie для улучшения работы сайта.', 'Принять', 'Настройки'],
    search: ['Поиск', 'Введите запрос', 'Закрыть поиск'],
    form: ['[ ] Запомнить меня', 'Электронная почта [ ]', 'Пароль', 'Отправить'],
    share: ['Поделиться', 'ВКонтакте Telegram WhatsApp', 'Скопировать ссылку', 'Поделиться статьей'],
    relatedHeader: ['Читайте также', 'Похожие новости', 'Самое читаемое', 'Другие материалы'],
    promo: ['Подписывайтесь на {outlet} в Telegram', 'Скачайте приложение {outlet}', 'Подпишитесь на рассылку'],
    comments: ['{n} комментариев', 'Написать комментарий', '{user} · {n} часов назад', 'Ответить', 'Пожаловаться'],
    credit: ['Фото: {user} / ТАСС', 'Фото: РИА Новости / {user}'],
    footer: ['© {year} {outlet}. Все права защищены.', 'Правила использования', 'Политика конфиденциальности', 'Контакты', 'Реклама', 'О проекте'],
    breadcrumb: ['Главная > В мире > Ближний Восток', '{outlet} > Новости > Политика'],
    widget: ['Размер шрифта', 'Реклама', '— Реклама —', '[Реклама]', 'Время чтения: {n} мин'],
    continueReading: ['Читать далее на {outlet}', 'Материал впервые опубликован на {outlet}'],
  },
  ar: {
    menu: ['الرئيسية', 'أخبار', 'سياسة', 'اقتصاد', 'رياضة', 'ثقافة', 'منوعات', 'تسجيل الدخول', 'اشترك', 'انتقل إلى المحتوى', 'آخر الأخبار'],
    cookie: ['نستخدم ملفات تعريف الارتباط لتحسين تجربتك.', 'موافق', 'الإعدادات'],
    search: ['بحث', 'اكتب كلمة البحث', 'إغلاق البحث'],
    form: ['[ ] تذكرني', 'البريد الإلكتروني [ ]', 'كلمة المرور', 'إرسال'],
    share: ['شارك', 'فيسبوك تويتر واتساب', 'نسخ الرابط', 'شارك هذا المقال'],
    relatedHeader: ['أخبار ذات صلة', 'اقرأ أيضا', 'الأكثر قراءة', 'قد يعجبك أيضا'],
    promo: ['تابعوا {outlet} على تيليجرام', 'حمّل تطبيق {outlet}', 'اشترك في النشرة البريدية'],
    comments: ['{n} تعليقات', 'أضف تعليقك', '{user} · منذ {n} ساعات', 'رد', 'إبلاغ'],
    credit: ['تصوير: {user} / رويترز', 'الصورة: {user}'],
    footer: ['© {year} {outlet}. جميع الحقوق محفوظة', 'سياسة الخصوصية', 'شروط الاستخدام', 'اتصل بنا', 'من نحن'],
    breadcrumb: ['الرئيسية > أخبار > الشرق الأوسط', '{outlet} > عربي ودولي'],
    widget: ['حجم الخط', 'إعلان', '- إعلان -', '[إعلان]', 'وقت القراءة {n} دقائق'],
    continueReading: ['تابع القراءة على {outlet}', 'نشر هذا المقال أصلا في {outlet}'],
  },
  tr: {
    menu: ['Ana Sayfa', 'Gündem', 'Dünya', 'Ekonomi', 'Spor', 'Kültür', 'Yazarlar', 'Giriş yap', 'Abone ol', 'İçeriğe geç', 'Son dakika'],
    cookie: ['Deneyiminizi geliştirmek için çerezler kullanıyoruz.', 'Kabul et', 'Çerez ayarları'],
    search: ['Ara', 'Aramak istediğiniz kelimeyi yazın', 'Aramayı kapat'],
    form: ['[ ] Beni hatırla', 'E-posta adresi [ ]', 'Şifre', 'Gönder'],
    share: ['Paylaş', 'Facebook Twitter WhatsApp E-posta', 'Bağlantıyı kopyala', 'Bu haberi paylaş'],
    relatedHeader: ['İlgili Haberler', 'Bunlar da ilginizi çekebilir', 'En çok okunanlar', 'Diğer haberler'],
    promo: ["{outlet}'i Google News'te takip edin", '{outlet} uygulamasını indirin', 'Bültenimize abone olun'],
    comments: ['{n} yorum', 'Yorum yaz', '{user} · {n} saat önce', 'Yanıtla', 'Şikayet et'],
    credit: ['Fotoğraf: {user} / AA', 'Görsel: {user}'],
    footer: ['© {year} {outlet}. Tüm hakları saklıdır.', 'Gizlilik politikası', 'Kullanım şartları', 'İletişim', 'Künye', 'KVKK'],
    breadcrumb: ['Ana Sayfa > Dünya > Orta Doğu', '{outlet} > Haberler > Dünya'],
    widget: ['Yazı boyutu', 'Reklam', '- Reklam -', '[Reklam]', 'Okuma süresi: {n} dk'],
    continueReading: ["Haberin devamı {outlet}'te", 'Bu haber ilk olarak {outlet} sitesinde yayımlandı'],
  },
  fa: {
    menu: ['صفحه اصلی', 'سیاسی', 'بین الملل', 'اقتصادی', 'ورزشی', 'فرهنگی', 'ورود', 'اشتراک', 'رفتن به محتوا', 'آخرین اخبار'],
    cookie: ['این سایت از کوکی برای بهبود تجربه شما استفاده می‌کند.', 'موافقم', 'تنظیمات'],
    search: ['جستجو', 'عبارت مورد نظر را وارد کنید'],
    form: ['[ ] مرا به خاطر بسپار', 'ایمیل [ ]', 'رمز عبور', 'ارسال'],
    share: ['اشتراک گذاری', 'تلگرام واتساپ توییتر', 'کپی لینک'],
    relatedHeader: ['اخبار مرتبط', 'بیشتر بخوانید', 'پربازدیدترین ها', 'پیشنهاد سردبیر'],
    promo: ['{outlet} را در تلگرام دنبال کنید', 'اپلیکیشن {outlet} را دانلود کنید'],
    comments: ['{n} نظر', 'ارسال نظر', '{user} · {n} ساعت پیش', 'پاسخ', 'گزارش'],
    credit: ['عکس: {user} / ایسنا', 'منبع تصویر: {user}'],
    footer: ['© {year} {outlet}. کلیه حقوق محفوظ است', 'حریم خصوصی', 'تماس با ما', 'درباره ما'],
    breadcrumb: ['صفحه اصلی > بین الملل > خاورمیانه', '{outlet} > اخبار > سیاسی'],
    widget: ['اندازه متن', 'تبلیغات', '- تبلیغات -', '[آگهی]', 'زمان مطالعه: {n} دقیقه'],
    continueReading: ['ادامه مطلب در {outlet}', 'این مطلب نخستین بار در {outlet} منتشر شد'],
  },
  it: {
    menu: ['Home', 'Esteri', 'Politica', 'Economia', 'Sport', 'Cultura', 'Cronaca', 'Accedi', 'Abbonati', 'Vai al contenuto', 'Ultime notizie'],
    cookie: ['Utilizziamo i cookie per migliorare la tua esperienza.', 'Accetta tutti', 'Gestisci preferenze'],
    search: ['Cerca', 'Cosa stai cercando?', 'Chiudi ricerca'],
    form: ['[ ] Ricordami', 'Indirizzo email [ ]', 'Password', 'Invia'],
    share: ['Condividi', 'Facebook Twitter WhatsApp Email', 'Copia link', 'Condividi questo articolo'],
    relatedHeader: ['Articoli correlati', 'Potrebbe interessarti anche', 'I più letti', 'Leggi anche'],
    promo: ['Segui {outlet} su WhatsApp', "Scarica l'app di {outlet}", 'Iscriviti alla newsletter'],
    comments: ['{n} commenti', 'Lascia un commento', '{user} · {n} ore fa', 'Rispondi', 'Segnala'],
    credit: ['Foto: {user} / ANSA', 'Credit: {user}'],
    footer: ['© {year} {outlet}. Tutti i diritti riservati.', 'Note legali', 'Privacy policy', 'Contatti', 'Pubblicità', 'P.IVA 01234567890'],
    breadcrumb: ['Home > Esteri > Medio Oriente', '{outlet} > Notizie > Mondo'],
    widget: ['Dimensione testo', 'Pubblicità', '- Pubblicità -', '[Pubblicità]', 'Tempo di lettura: {n} min'],
    continueReading: ['Continua a leggere su {outlet}', 'Pubblicato originariamente su {outlet}'],
  },
  nl: {
    menu: ['Home', 'Binnenland', 'Buitenland', 'Economie', 'Sport', 'Cultuur', 'Opinie', 'Inloggen', 'Abonneren', 'Naar inhoud', 'Net binnen'],
    cookie: ['Wij gebruiken cookies om je ervaring te verbeteren.', 'Alles accepteren', 'Instellingen'],
    search: ['Zoeken', 'Zoek op trefwoord', 'Sluit zoeken'],
    form: ['[ ] Onthoud mij', 'E-mailadres [ ]', 'Wachtwoord', 'Verstuur'],
    share: ['Delen', 'Facebook Twitter WhatsApp E-mail', 'Kopieer link', 'Deel dit artikel'],
    relatedHeader: ['Gerelateerde artikelen', 'Dit vind je misschien ook interessant', 'Meest gelezen', 'Lees ook'],
    promo: ['Volg {outlet} op WhatsApp', 'Download de app van {outlet}', 'Meld je aan voor de nieuwsbrief'],
    comments: ['{n} reacties', 'Plaats een reactie', '{user} · {n} uur geleden', 'Reageer', 'Meld misbruik'],
    credit: ['Foto: {user} / ANP', 'Beeld: {user}'],
    footer: ['© {year} {outlet}. Alle rechten voorbehouden.', 'Privacyverklaring', 'Gebruiksvoorwaarden', 'Contact', 'Colofon'],
    breadcrumb: ['Home > Buitenland > Midden-Oosten', '{outlet} > Nieuws > Wereld'],
    widget: ['Lettergrootte', 'Advertentie', '- Advertentie -', '[Advertentie]', 'Leestijd: {n} minuten'],
    continueReading: ['Lees verder op {outlet}', 'Dit artikel verscheen eerder op {outlet}'],
  },
};

const OUTLET_PARTS = {
  first: ['Nord', 'Kaba', 'Sinar', 'Vela', 'Marlo', 'Tavi', 'Orbis', 'Kora', 'Lumen', 'Pelita', 'Soren', 'Aster', 'Dalia', 'Rivo'],
  second: ['News', 'Post', 'Times', 'Daily', 'Herald', 'Kabar', 'Press', 'Online', 'Today', 'Observer', '24', 'Info'],
};
const USER_PARTS = {
  first: ['Ahmad', 'Maria', 'Jonas', 'Siti', 'Olga', 'Pierre', 'Lucía', 'Mehmet', 'Reza', 'Giulia', 'Pieter', 'Layla', 'Tom', 'Dewi'],
  second: ['K.', 'Santos', 'Weber', 'Rahma', 'Ivanova', 'Dubois', 'García', 'Yılmaz', 'Karimi', 'Rossi', 'de Vries', 'Haddad', 'Miller', 'Lestari'],
};

/** A small seeded generator (mulberry32): the same seed gives the same pages. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function madeUpOutlet(random: () => number): string {
  return `${pick(random, OUTLET_PARTS.first)}${random() < 0.5 ? ' ' : ''}${pick(random, OUTLET_PARTS.second)}`;
}

export function madeUpUser(random: () => number): string {
  return random() < 0.3
    ? `${pick(random, USER_PARTS.first).toLowerCase()}${Math.floor(random() * 99)}`
    : `${pick(random, USER_PARTS.first)} ${pick(random, USER_PARTS.second)}`;
}

/** Fills a template's placeholders. */
export function fill(template: string, random: () => number, outlet: string, headlines: readonly string[]): string {
  return template
    .replaceAll('{outlet}', outlet)
    .replaceAll('{user}', madeUpUser(random))
    .replaceAll('{n}', String(1 + Math.floor(random() * 30)))
    .replaceAll('{year}', String(2015 + Math.floor(random() * 11)))
    .replaceAll('{date}', `${1 + Math.floor(random() * 28)}.${1 + Math.floor(random() * 12)}.20${20 + Math.floor(random() * 6)}`)
    .replaceAll('{headline}', headlines.length ? pick(random, headlines) : outlet);
}
