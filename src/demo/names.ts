// Name material for the demo district. Every person in it is invented.

export const DISTRICT = '姑苏区';

/** Streets of the demo district with their communities (社区). */
export const STREETS: { name: string; slug: string; communities: { name: string; slug: string }[] }[] = [
  {
    name: '平江街道',
    slug: 'pj',
    communities: [
      { name: '平江路社区', slug: 'pjl' },
      { name: '钮家巷社区', slug: 'njx' },
      { name: '大儒社区', slug: 'dr' },
      { name: '新桥社区', slug: 'xq' },
    ],
  },
  {
    name: '沧浪街道',
    slug: 'cl',
    communities: [
      { name: '南门社区', slug: 'nm' },
      { name: '胥江社区', slug: 'xj' },
      { name: '新郭社区', slug: 'xg' },
      { name: '盘溪社区', slug: 'px' },
    ],
  },
  {
    name: '双塔街道',
    slug: 'st',
    communities: [
      { name: '定慧寺社区', slug: 'dhs' },
      { name: '滚绣社区', slug: 'gx' },
      { name: '锦帆路社区', slug: 'jfl' },
      { name: '葑门社区', slug: 'fm' },
    ],
  },
];

export const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '陈',
  '刘',
  '杨',
  '黄',
  '吴',
  '周',
  '徐',
  '孙',
  '朱',
  '马',
  '胡',
  '郭',
  '何',
  '沈',
  '顾',
  '陆',
  '钱',
  '蒋',
  '许',
  '范',
  '金',
  '潘',
  '邵',
  '姚',
  '汪',
  '尤',
];

export const GIVEN_BOY = [
  '子轩',
  '浩然',
  '宇航',
  '俊杰',
  '明轩',
  '梓豪',
  '一鸣',
  '天佑',
  '嘉诚',
  '思远',
  '晨阳',
  '文博',
  '志强',
  '泽宇',
  '皓轩',
  '小明',
  '家豪',
  '睿',
  '杰',
  '博文',
];

export const GIVEN_GIRL = [
  '欣怡',
  '梓涵',
  '诗涵',
  '雨桐',
  '可馨',
  '思琪',
  '佳怡',
  '晓雯',
  '若汐',
  '语嫣',
  '小红',
  '静怡',
  '婉婷',
  '一诺',
  '雅琪',
  '梦瑶',
  '紫萱',
  '心怡',
  '悦',
  '琳',
];

export const ADULT_GIVEN = [
  '建国',
  '秀英',
  '桂芳',
  '玉兰',
  '国强',
  '丽华',
  '志明',
  '红梅',
  '海燕',
  '永红',
  '卫东',
  '凤英',
];

export const ROADS = [
  '平江路',
  '大儒巷',
  '钮家巷',
  '人民路',
  '十全街',
  '凤凰街',
  '学士街',
  '胥江路',
  '盘胥路',
  '干将东路',
  '葑门路',
  '十梓街',
];

export const REPORT_TEXTS = [
  '邻居反映孩子两天没人照看，家中无成年人',
  '学校老师反映孩子身上有多处淤青，孩子不愿说明原因',
  '孩子奶奶住院，孩子独自在家已一天',
];
