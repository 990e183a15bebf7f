import { createRoot } from '@wordpress/element';
import { App, loadOpenTab } from './components/App';

const container = document.getElementById( 'cart-sessions-root' );
if ( container ) {
	loadOpenTab().then( () => createRoot( container ).render( <App /> ) );
}
