export { renderPdf } from './pdfmakeKit';
