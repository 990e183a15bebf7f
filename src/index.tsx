import { createRoot } from '@wordpress/element';
import { App } from './components/App';

const container = document.getElementById( 'cart-sessions-root' );
if ( container ) {
	createRoot( container ).render( <App /> );
}
