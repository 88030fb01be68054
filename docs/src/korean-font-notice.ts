/**
 * 한글 글꼴이 없는 기계에서 어떤 글꼴을 설치할지 알려 줍니다.
 *
 * 이 사이트는 인터넷에서 글꼴을 받지 않고 운영체제의 한글 글꼴을 씁니다(custom.css의 `--ifm-font-family-base`).
 * macOS와 Windows에는 한글 글꼴이 있지만, 최소 설치한 Linux에는 없어 한글이 모두 같은 네모(□)로 보입니다.
 * 그래서 본문 글꼴로 서로 다른 한글 두 자를 그려 보고, 픽셀이 똑같으면(둘 다 "글자 없음" 네모) 페이지 맨 위에
 * 설치할 글꼴을 알려 줍니다. 안내는 한글이 보이지 않는 사람이 읽으므로 영어로 씁니다.
 * site-test가 글꼴이 하나도 없는 Chromium으로 이 안내가 뜨는지 확인합니다.
 */
import ExecutionEnvironment from '@docusaurus/ExecutionEnvironment';

const NOTICE_ID = 'korean-font-notice';

function hangulIsMissing(): boolean {
  const canvas = document.createElement('canvas');
  canvas.width = 48;
  canvas.height = 48;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return false;
  context.font = `40px ${getComputedStyle(document.body).fontFamily}`;
  const draw = (character: string) => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.fillText(character, 4, 40);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const first = draw('가');
  const second = draw('힣');
  return first.every((value, i) => value === second[i]);
}

function showNotice(): void {
  if (document.getElementById(NOTICE_ID) || !hangulIsMissing()) return;
  const notice = document.createElement('div');
  notice.id = NOTICE_ID;
  notice.lang = 'en';
  notice.setAttribute('role', 'alert');
  notice.innerHTML =
    '<strong>No Korean font found.</strong> This course is in Korean. Install Noto Sans CJK KR ' +
    '(Debian/Ubuntu: <code>sudo apt-get install fonts-noto-cjk</code>, ' +
    'Fedora: <code>sudo dnf install google-noto-sans-cjk-fonts</code>) and reload the page.';
  // React가 그리는 #__docusaurus 밖(body 맨 앞)에 둡니다: 하이드레이션과 부딪히지 않습니다.
  document.body.prepend(notice);
}

if (ExecutionEnvironment.canUseDOM) {
  // 시스템 글꼴은 바로 쓸 수 있지만, 글꼴 목록이 준비된 뒤에 재야 확실합니다.
  void document.fonts.ready.then(showNotice);
}
