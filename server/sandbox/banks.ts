// UMF's bank table (docs/umf-protocol.md §10): code, English and Chinese names, which card types it takes.
// Copied from the shared umf-banks.tsv: 64 banks take credit cards, 15 take debit cards.

export type Bank = { code: string; name: string; nameZh: string; credit: boolean; debit: boolean };

const ROWS: readonly (readonly [string, string, string, 0 | 1, 0 | 1])[] = [
  ['ICBC', 'Industrial and Commercial Bank of China', '中国工商银行', 1, 1],
  ['CCB', 'China Construction Bank', '中国建设银行', 1, 1],
  ['ABC', 'Agricultural Bank of China', '中国农业银行', 1, 1],
  ['BOC', 'Bank of China', '中国银行', 1, 1],
  ['PSBC', 'Postal Savings Bank of China', '中国邮政储蓄银行', 1, 1],
  ['COMM', 'Bank of Communications', '交通银行', 1, 1],
  ['CITIC', 'China Citic Bank', '中信银行', 1, 1],
  ['CEB', 'China Everbright Bank', '中国光大银行', 1, 1],
  ['HXB', 'Hua Xia Bank', '华夏银行', 1, 1],
  ['CMBC', 'China Minsheng Bank', '中国民生银行', 1, 1],
  ['CMB', 'China Merchants Bank', '招商银行', 1, 1],
  ['SHB', 'Bank of Shanghai', '上海银行', 1, 0],
  ['BJB', 'Bank of Beijing', '北京银行', 1, 0],
  ['BEA', 'Bank of East Asia', '东亚银行', 1, 0],
  ['CIB', 'China Industrial Bank', '兴业银行', 1, 1],
  ['NBB', 'Bank of Ningbo', '宁波银行', 1, 0],
  ['SPDB', 'Shanghai Pudong Development Bank', '上海浦东发展银行', 1, 1],
  ['GDB', 'Guangdong Development Bank', '广发银行', 1, 1],
  ['SPAB', 'Ping An Bank', '平安银行', 1, 1],
  ['BSB', 'Baoshang Bank', '包商银行', 1, 0],
  ['CSCB', 'Bank of Changsha', '长沙银行', 1, 0],
  ['CDB', 'Bank of Chengde', '承德银行', 1, 0],
  ['CDRCB', 'Chengdu Rural Commercial Bank', '成都农村商业银行', 1, 0],
  ['CRCB', 'Chongqing Rural Commercial Bank', '重庆农村商业银行', 1, 0],
  ['CQB', 'Bank of Chongqing', '重庆银行', 1, 0],
  ['DLB', 'Bank of Dalian', '大连银行', 1, 0],
  ['DYCCB', 'Dongying Commercial Bank', '东营银行', 1, 0],
  ['ORBANK', 'Erdos Bank', '鄂尔多斯银行', 1, 0],
  ['FJNXB', 'Rural Credit Cooperative of Fujian', '福建省农村信用社', 1, 0],
  ['GYB', 'Bank of Guiyang', '贵阳银行', 1, 0],
  ['GCB', 'Bank of Guangzhou', '广州银行', 1, 0],
  ['GRCB', 'Guangzhou Rural Commercial Bank', '广州农村商业银行', 1, 0],
  ['HEBB', 'Harbin Bank', '哈尔滨银行', 1, 0],
  ['HNNXB', 'Rural Credit Cooperative of Hunan', '湖南省农村信用社', 1, 0],
  ['HSB', 'Huishang Bank', '徽商银行', 1, 0],
  ['BHB', 'Bank of Hebei', '河北银行', 1, 0],
  ['HZCB', 'Bank of Hangzhou', '杭州银行', 1, 0],
  ['BOJZ', 'Bank of Jinzhou', '锦州银行', 1, 0],
  ['CSRCB', 'Jiangsu Changshu Rural Commercial Bank', '江苏常熟农村商业银行', 1, 0],
  ['JSB', 'Bank of Jiangsu', '江苏银行', 1, 0],
  ['JRCB', 'Jiangyin Rural Commercial Bank', '江阴农村商业银行', 1, 0],
  ['JJCCB', 'Bank of Jiujiang', '九江银行', 1, 0],
  ['LZB', 'Bank of Lanzhou', '兰州银行', 1, 0],
  ['DAQINGB', 'Bank of Longjiang', '龙江银行', 1, 0],
  ['QHB', 'Bank of Qinghai', '青海银行', 1, 0],
  ['SHRCB', 'Shanghai Rural Commercial Bank', '上海农村商业银行', 1, 0],
  ['SRB', 'Bank of Shangrao', '上饶银行', 1, 0],
  ['SDEB', 'Shunde Rural Commercial Bank', '顺德农村商业银行', 1, 0],
  ['TZCB', 'Bank of Taizhou', '台州银行', 1, 0],
  ['WHSHB', 'Weihai City Commercial Bank', '威海市商业银行', 1, 0],
  ['WFCCB', 'Bank of Weifang', '潍坊银行', 1, 0],
  ['WZCB', 'Bank of Wenzhou', '温州银行', 1, 0],
  ['URMQCCB', 'Urumqi City Commercial Bank', '乌鲁木齐银行', 1, 0],
  ['WRCB', 'Wuxi Rural Commercial Bank', '无锡农村商业银行', 1, 0],
  ['YCCB', 'Yichang City Commercial Bank', '宜昌市商业银行', 1, 0],
  ['YZB', 'Bank of Yinzhou', '鄞州银行', 1, 0],
  ['CZCB', 'Zhejiang Chouzhou Commercial Bank', '浙江稠州商业银行', 1, 0],
  ['ZJTLCB', 'Zhejiang Tailong Commercial Bank', '浙江泰隆商业银行', 1, 0],
  ['MTBANK', 'Zhejiang Mintai Commercial Bank', '浙江民泰商业银行', 1, 0],
  ['NJCB', 'Bank of Nanjing', '南京银行', 1, 0],
  ['NCB', 'Bank of Nanchang', '南昌银行', 1, 0],
  ['QLBANK', 'Qilu Bank', '齐鲁银行', 1, 0],
  ['YDRCB', 'Yaodu Rural Commercial Bank', '尧都农村商业银行', 1, 0],
  ['WJRCB', 'Wujiang Rural Commercial Bank', '吴江农村商业银行', 1, 0],
];

export const BANKS: readonly Bank[] = ROWS.map(([code, name, nameZh, credit, debit]) => ({
  code,
  name,
  nameZh,
  credit: credit === 1,
  debit: debit === 1,
}));

export const CARD_TYPES = ['CREDIT_CARD', 'DEBIT_CARD'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export function isCardType(value: unknown): value is CardType {
  return CARD_TYPES.includes(value as CardType);
}

/** The banks by code (the first row of a code, as a search of the table would find it). */
const BY_CODE = new Map<string, Bank>();
for (const bank of BANKS) if (!BY_CODE.has(bank.code)) BY_CODE.set(bank.code, bank);

export function bankTakes(code: string, type: CardType): boolean {
  const bank = BY_CODE.get(code);
  if (!bank) return false;
  return type === 'CREDIT_CARD' ? bank.credit : bank.debit;
}

export function cardTypesOf(bank: Bank): CardType[] {
  return CARD_TYPES.filter((type) => (type === 'CREDIT_CARD' ? bank.credit : bank.debit));
}
