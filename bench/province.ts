/**
 * The synthetic province the bench generates: Hubei's housing-and-construction system (the
 * department and its divisions, 17 prefectures, ~100 county bureaus) and the words its units
 * write. Names and region codes follow the real ones; counties are numbered, not named.
 */
export interface UnitSpec {
  unitId: string;
  name: string;
  level: 'department' | 'prefecture' | 'county';
  parentUnitId: string | null;
  region: string;
}

const DIVISIONS: [string, string][] = [
  ['jzsc', '建筑市场监管处'],
  ['fdc', '房地产市场监管处'],
  ['cxgh', '城乡规划处'],
  ['zfbz', '住房保障处'],
  ['zlaq', '工程质量安全监管处'],
  ['kjsj', '科技与设计处'],
  ['csjs', '城市建设处'],
  ['czjs', '村镇建设处'],
  ['gjj', '住房公积金监管处'],
  ['zwfw', '政务服务中心'],
];

/** [region code prefix, prefecture, number of county-level bureaus]. */
const PREFECTURES: [string, string, number][] = [
  ['4201', '武汉市', 13],
  ['4202', '黄石市', 6],
  ['4203', '十堰市', 8],
  ['4205', '宜昌市', 13],
  ['4206', '襄阳市', 9],
  ['4207', '鄂州市', 3],
  ['4208', '荆门市', 5],
  ['4209', '孝感市', 7],
  ['4210', '荆州市', 8],
  ['4211', '黄冈市', 10],
  ['4212', '咸宁市', 6],
  ['4213', '随州市', 3],
  ['4228', '恩施州', 8],
  ['4290', '仙桃市', 0],
  ['4291', '潜江市', 0],
  ['4292', '天门市', 0],
  ['4293', '神农架林区', 0],
];

export function provinceUnits(): UnitSpec[] {
  const units: UnitSpec[] = [
    { unitId: 'hbzjt', name: '湖北省住房和城乡建设厅', level: 'department', parentUnitId: null, region: '420000' },
  ];
  for (const [code, name] of DIVISIONS) {
    units.push({ unitId: `hbzjt-${code}`, name: `省住建厅${name}`, level: 'department', parentUnitId: 'hbzjt', region: '420000' });
  }
  for (const [prefix, name, counties] of PREFECTURES) {
    const unitId = `u${prefix}00`;
    units.push({ unitId, name: `${name}住房和城乡建设局`, level: 'prefecture', parentUnitId: null, region: `${prefix}00` });
    for (let i = 1; i <= counties; i++) {
      const region = `${prefix}${String(i + 1).padStart(2, '0')}`;
      units.push({ unitId: `u${region}`, name: `${name}第${i}区县住房和城乡建设局`, level: 'county', parentUnitId: unitId, region });
    }
  }
  return units;
}

export const CATEGORIES = [
  '工程建设审批',
  '施工许可',
  '竣工验收',
  '建筑市场准入',
  '资质资格',
  '工程款支付',
  '农民工工资',
  '招标投标',
  '工程质量',
  '安全生产',
  '房地产开发',
  '商品房预售',
  '物业管理',
  '住房公积金',
  '城市基础设施',
  '燃气供应',
  '供水排水',
  '园林绿化',
  '政策咨询',
  '融资支持',
];

export const TITLES = [
  '施工许可办理时限较长，希望压缩审批环节',
  '项目竣工验收需多部门多次跑动',
  '企业资质延续申报材料重复提交',
  '政府投资项目工程款拖欠，影响农民工工资发放',
  '希望明确装配式建筑补贴申报流程',
  '施工图审查意见反馈周期长',
  '商品房预售资金监管拨付慢',
  '招标文件设置不合理门槛',
  '燃气报装费用不透明',
  '建议推广电子证照在招投标中的应用',
  '小区物业维修资金使用审批难',
  '企业缴存住房公积金比例调整咨询',
  '建议开通建筑企业跨省业绩录入通道',
  '供水管网改造影响厂区生产',
  '申请工程质量保证金返还迟迟未办',
];

export const DESCRIPTIONS = [
  '企业反映，项目在办理相关手续过程中需要提交的材料较多，部分材料已在其他环节提交过，仍被要求重复提供；同时线上系统与线下窗口要求不一致，企业需多次往返，影响项目开工进度。希望主管部门统一材料清单，推行一次告知、一网通办。',
  '企业表示，受上游建设单位资金周转影响，已完工程量对应的工程款未能按合同约定节点支付，目前拖欠金额较大，企业垫资压力突出，并可能影响农民工工资按时足额发放，请求协调建设单位尽快支付。',
  '企业建议在现行政策框架内，进一步明确申报条件、审核时限和兑现方式，及时公开办理进度，减少企业反复咨询；对符合条件的企业实行免申即享，提高政策获得感。',
  '座谈中企业提出，部分区县在执行同一政策时口径不一，企业跨区域承接业务时需适应不同要求，增加了制度性交易成本，希望省级层面统一标准并加强督促指导。',
];

export const NOTES = [
  '已与建设单位约谈，明确了付款计划，正在跟踪落实。',
  '已组织相关科室会商，拟定办理方案，近期答复企业。',
  '已现场核查，材料齐全部分先行办理，其余事项按程序推进。',
  '已协调市直相关部门，正在走内部审批流程。',
  '已电话告知企业办理进度及下一步需补充的材料。',
];

export const RESOLUTIONS = [
  '经协调，建设单位已按计划支付拖欠工程款，企业确认已到账。',
  '已优化办理流程，取消重复材料，企业事项已办结并电话回访。',
  '已出台操作细则并在门户网站公开，企业已按新流程完成申报。',
  '已现场答疑解惑，向企业详细解释政策口径，企业表示理解。',
  '已督促区县统一执行标准，相关事项已按统一口径办结。',
];

export const SUMMARIES = [
  '上门走访企业，了解生产经营情况，收集企业困难诉求并现场答复政策问题。',
  '召开企业座谈会，宣讲惠企政策，听取企业意见建议。',
  '通过线上平台与企业连线，解答企业咨询并登记诉求。',
  '电话回访企业，了解前期问题办理情况及新的诉求。',
];

export const REASONS = {
  transfer: '该事项属于上级（或其他）主管部门职责范围，转交办理。',
  withdraw: '企业主动撤回诉求，问题已通过其他渠道解决。',
  extend: '事项涉及多部门协调，经督办办公室同意延期办理。',
  reopen: '企业对办理结果不满意，督办办公室要求重新办理。',
  notice: '存在超期未办结问题，请限期办理并书面反馈。',
  answer: '已对超期问题逐件梳理，明确责任人和办结时限，现将整改情况报告如下。',
  outcome: '整改到位，督办事项办结。',
};
