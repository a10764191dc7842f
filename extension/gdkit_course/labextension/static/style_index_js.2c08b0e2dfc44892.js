"use strict";(self.rspackChunkgdkit_course=self.rspackChunkgdkit_course||[]).push([["style_index_js"],{"./node_modules/css-loader/dist/cjs.js!./style/base.css"(e,t,o){var r=o("./node_modules/css-loader/dist/runtime/noSourceMaps.js"),s=o.n(r),n=o("./node_modules/css-loader/dist/runtime/api.js"),i=(o.n(n))()(s());i.push([e.id,`/* The course sidebar (see src/sidebar.ts). Colours come from JupyterLab's theme
   variables, so it follows the light and dark themes. */

.gdkit-Course {
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size1);
  overflow-y: auto;
  padding: 8px 4px 16px 8px;
}

.gdkit-Course-header h2 {
  font-size: var(--jp-ui-font-size2);
  margin: 4px 0;
}

.gdkit-Course-total,
.gdkit-Course-message {
  color: var(--jp-ui-font-color2);
  margin: 0 0 8px;
}

.gdkit-Course-lectures,
.gdkit-Course-exercises {
  list-style: none;
  margin: 0;
  padding: 0;
}

.gdkit-Course-lecture {
  border-bottom: 1px solid var(--jp-border-color2);
  padding: 4px 0;
}

.gdkit-Course button {
  background: none;
  border: none;
  border-radius: 2px;
  color: inherit;
  cursor: pointer;
  font: inherit;
  text-align: left;
}

.gdkit-Course button:hover {
  background: var(--jp-layout-color2);
}

.gdkit-Course button:focus-visible {
  outline: 2px solid var(--jp-brand-color1);
  outline-offset: -2px;
}

.gdkit-Course-open {
  display: flex;
  gap: 8px;
  justify-content: space-between;
  padding: 4px;
  width: 100%;
}

.gdkit-Course-lectureTitle {
  font-weight: 600;
}

.gdkit-mod-current .gdkit-Course-open {
  border-left: 3px solid var(--jp-brand-color1);
}

.gdkit-Course-count {
  color: var(--jp-ui-font-color2);
  white-space: nowrap;
}

.gdkit-Course-exerciseButton {
  display: flex;
  gap: 6px;
  padding: 2px 4px 2px 16px;
  width: 100%;
}

.gdkit-Course-exerciseTitle::first-letter {
  text-transform: uppercase;
}

.gdkit-Course-mark {
  display: inline-block;
  text-align: center;
  width: 1.2em;
}

[data-status='passed'] .gdkit-Course-mark {
  color: var(--jp-success-color1);
}

[data-status='failing'] .gdkit-Course-mark {
  color: var(--jp-error-color1);
}

[data-status='not-tried'] .gdkit-Course-mark {
  color: var(--jp-ui-font-color3);
}

.gdkit-Course-hint {
  border: 1px solid var(--jp-warn-color1);
  border-radius: 8px;
  color: var(--jp-warn-color1);
  font-size: var(--jp-ui-font-size0);
  margin-left: auto;
  padding: 0 4px;
}

.gdkit-Course-solutions {
  color: var(--jp-ui-font-color2) !important;
  font-size: var(--jp-ui-font-size0) !important;
  margin-left: 16px;
  padding: 2px 4px;
}

/* A solutions notebook stays hidden until the student confirms. */
.gdkit-mod-concealed .jp-Notebook {
  visibility: hidden;
}

/* Explorers (ipywidgets, see src/a11y.ts): a visible focus ring on every control
   reached by the keyboard.  ipywidgets draws none on a slider's handle (it sets
   \`outline: none\` and only changes the handle's colour, as on hover) and only a
   border colour on menus and text boxes. */
.jupyter-widgets .noUi-handle:focus-visible,
.jupyter-widgets .widget-readout:focus-visible,
.jupyter-widgets select:focus-visible,
.jupyter-widgets input:focus-visible,
.jupyter-widgets textarea:focus-visible,
.jupyter-widgets button:focus-visible {
  outline: 2px solid var(--jp-brand-color1) !important;
  outline-offset: 2px;
}
`,""]),o.d(t,{},{A:i})},"./node_modules/css-loader/dist/runtime/api.js"(e){e.exports=function(e){var t=[];return t.toString=function(){return this.map(function(t){var o="",r=void 0!==t[5];return t[4]&&(o+="@supports (".concat(t[4],") {")),t[2]&&(o+="@media ".concat(t[2]," {")),r&&(o+="@layer".concat(t[5].length>0?" ".concat(t[5]):""," {")),o+=e(t),r&&(o+="}"),t[2]&&(o+="}"),t[4]&&(o+="}"),o}).join("")},t.i=function(e,o,r,s,n){"string"==typeof e&&(e=[[null,e,void 0]]);var i={};if(r)for(var a=0;a<this.length;a++){var d=this[a][0];null!=d&&(i[d]=!0)}for(var l=0;l<e.length;l++){var u=[].concat(e[l]);r&&i[u[0]]||(void 0!==n&&(void 0===u[5]||(u[1]="@layer".concat(u[5].length>0?" ".concat(u[5]):""," {").concat(u[1],"}")),u[5]=n),o&&(u[2]&&(u[1]="@media ".concat(u[2]," {").concat(u[1],"}")),u[2]=o),s&&(u[4]?(u[1]="@supports (".concat(u[4],") {").concat(u[1],"}"),u[4]=s):u[4]="".concat(s)),t.push(u))}},t}},"./node_modules/css-loader/dist/runtime/noSourceMaps.js"(e){e.exports=function(e){return e[1]}},"./node_modules/style-loader/dist/runtime/injectStylesIntoStyleTag.js"(e){var t=[];function o(e){for(var o=-1,r=0;r<t.length;r++)if(t[r].identifier===e){o=r;break}return o}function r(e,r){for(var s={},n=[],i=0;i<e.length;i++){var a=e[i],d=r.base?a[0]+r.base:a[0],l=s[d]||0,u="".concat(d," ").concat(l);s[d]=l+1;var c=o(u),p={css:a[1],media:a[2],sourceMap:a[3],supports:a[4],layer:a[5]};if(-1!==c)t[c].references++,t[c].updater(p);else{var f=function(e,t){var o=t.domAPI(t);return o.update(e),function(t){t?(t.css!==e.css||t.media!==e.media||t.sourceMap!==e.sourceMap||t.supports!==e.supports||t.layer!==e.layer)&&o.update(e=t):o.remove()}}(p,r);r.byIndex=i,t.splice(i,0,{identifier:u,updater:f,references:1})}n.push(u)}return n}e.exports=function(e,s){var n=r(e=e||[],s=s||{});return function(e){e=e||[];for(var i=0;i<n.length;i++){var a=o(n[i]);t[a].references--}for(var d=r(e,s),l=0;l<n.length;l++){var u=o(n[l]);0===t[u].references&&(t[u].updater(),t.splice(u,1))}n=d}}},"./node_modules/style-loader/dist/runtime/insertBySelector.js"(e){var t={};e.exports=function(e,o){var r=function(e){if(void 0===t[e]){var o=document.querySelector(e);if(window.HTMLIFrameElement&&o instanceof window.HTMLIFrameElement)try{o=o.contentDocument.head}catch(e){o=null}t[e]=o}return t[e]}(e);if(!r)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");r.appendChild(o)}},"./node_modules/style-loader/dist/runtime/insertStyleElement.js"(e){e.exports=function(e){var t=document.createElement("style");return e.setAttributes(t,e.attributes),e.insert(t,e.options),t}},"./node_modules/style-loader/dist/runtime/setAttributesWithoutAttributes.js"(e,t,o){e.exports=function(e){var t=o.nc;t&&e.setAttribute("nonce",t)}},"./node_modules/style-loader/dist/runtime/styleDomAPI.js"(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var t=e.insertStyleElement(e);return{update:function(o){var r,s,n;r="",o.supports&&(r+="@supports (".concat(o.supports,") {")),o.media&&(r+="@media ".concat(o.media," {")),(s=void 0!==o.layer)&&(r+="@layer".concat(o.layer.length>0?" ".concat(o.layer):""," {")),r+=o.css,s&&(r+="}"),o.media&&(r+="}"),o.supports&&(r+="}"),(n=o.sourceMap)&&"u">typeof btoa&&(r+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(r,t,e.options)},remove:function(){var e;null===(e=t).parentNode||e.parentNode.removeChild(e)}}}},"./node_modules/style-loader/dist/runtime/styleTagTransform.js"(e){e.exports=function(e,t){if(t.styleSheet)t.styleSheet.cssText=e;else{for(;t.firstChild;)t.removeChild(t.firstChild);t.appendChild(document.createTextNode(e))}}},"./style/index.js"(e,t,o){var r=o("./node_modules/style-loader/dist/runtime/injectStylesIntoStyleTag.js"),s=o.n(r),n=o("./node_modules/style-loader/dist/runtime/styleDomAPI.js"),i=o.n(n),a=o("./node_modules/style-loader/dist/runtime/insertBySelector.js"),d=o.n(a),l=o("./node_modules/style-loader/dist/runtime/setAttributesWithoutAttributes.js"),u=o.n(l),c=o("./node_modules/style-loader/dist/runtime/insertStyleElement.js"),p=o.n(c),f=o("./node_modules/style-loader/dist/runtime/styleTagTransform.js"),m=o.n(f),g=o("./node_modules/css-loader/dist/cjs.js!./style/base.css"),y={};y.styleTagTransform=m(),y.setAttributes=u(),y.insert=d().bind(null,"head"),y.domAPI=i(),y.insertStyleElement=p(),s()(g.A,y),g.A&&g.A.locals&&g.A.locals}}]);